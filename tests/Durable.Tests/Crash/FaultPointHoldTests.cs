using DurableTask.Core;
using ScriptHarness.Durable.Testing.FaultInjection;
using ScriptHarness.Tests.Durable.Hosting;

namespace ScriptHarness.Tests.Durable.Crash;

/// <summary>
/// <c>kill:after-activity-completion</c> means "the result is committed; the orchestration has not
/// checkpointed it", even when the commit wakes the orchestration at once (an extended session in
/// the same process) and that checkpoint would otherwise run before the killing thread does.
/// </summary>
public sealed class FaultPointHoldTests
{
    [Fact]
    public async Task A_kill_after_an_activity_completion_comes_before_the_checkpoint_its_commit_woke()
    {
        var inner = new WakingService();
        int checkpointsAtKill = -1;
        var decorator = new FaultInjectingOrchestrationService(
            inner,
            [FaultRule.Parse("kill:after-activity-completion")],
            kill: () => checkpointsAtKill = inner.Checkpoints);
        Task? woken = null;
        inner.OnCommit = () => woken = decorator.CompleteTaskOrchestrationWorkItemAsync(new TaskOrchestrationWorkItem { InstanceId = "i" }, null!, [], [], [], null!, null!);

        await Assert.ThrowsAsync<InjectedFaultException>(() => decorator.CompleteTaskActivityWorkItemAsync(new TaskActivityWorkItem(), new TaskMessage()));

        Assert.Equal(0, checkpointsAtKill);

        // A kill action that returns (as here) lets the held checkpoint go on.
        await woken!;
        Assert.Equal(1, inner.Checkpoints);
    }

    [Fact]
    public async Task A_completion_that_no_kill_follows_holds_no_checkpoint()
    {
        var inner = new WakingService();
        var decorator = new FaultInjectingOrchestrationService(inner, [FaultRule.Parse("kill:after-activity-completion#2")], kill: () => { });
        Task? woken = null;
        inner.OnCommit = () => woken = decorator.CompleteTaskOrchestrationWorkItemAsync(new TaskOrchestrationWorkItem { InstanceId = "i" }, null!, [], [], [], null!, null!);

        await decorator.CompleteTaskActivityWorkItemAsync(new TaskActivityWorkItem(), new TaskMessage());

        Assert.True(woken!.IsCompletedSuccessfully);
        Assert.Equal(1, inner.Checkpoints);
    }

    /// <summary>Its activity completion "commits" and, within the call, wakes a checkpoint (as an extended session would).</summary>
    private sealed class WakingService : UnusedOrchestrationService
    {
        public Action? OnCommit { get; set; }

        public int Checkpoints { get; private set; }

        public override Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
        {
            OnCommit?.Invoke();
            return Task.CompletedTask;
        }

        public override Task CompleteTaskOrchestrationWorkItemAsync(
            TaskOrchestrationWorkItem workItem,
            OrchestrationRuntimeState newOrchestrationRuntimeState,
            IList<TaskMessage> outboundMessages,
            IList<TaskMessage> orchestratorMessages,
            IList<TaskMessage> timerMessages,
            TaskMessage continuedAsNewMessage,
            OrchestrationState orchestrationState)
        {
            Checkpoints++;
            return Task.CompletedTask;
        }
    }
}
