using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends;

namespace ScriptHarness.Durable.Testing.FaultInjection;

/// <summary>
/// An <see cref="IOrchestrationService"/> decorator for crash and failure tests: passes every
/// call to the inner service and, at the points its <see cref="FaultRule"/>s name, throws or
/// kills the process. Wrap the worker's service only; clients talk to the inner service.
/// Entity dispatch is not exposed through the decorator (the harness uses no entities).
/// </summary>
public sealed class FaultInjectingOrchestrationService : DelegatingOrchestrationService
{
    private readonly ArmedRule[] rules;
    private readonly Action<FaultRule>? onFiring;
    private readonly Action<FaultPoint, string>? observe;
    private readonly Action kill;

    /// <summary>Wraps <paramref name="inner"/> with the given rules.</summary>
    /// <param name="inner">The real service.</param>
    /// <param name="rules">The faults to inject; each fires once.</param>
    /// <param name="onFiring">Called just before a rule acts (e.g. to log which one), on the dispatcher's thread.</param>
    /// <param name="kill">How <see cref="FaultAction.Kill"/> kills; default: SIGKILL of the current process.</param>
    /// <param name="observe">Called at every point reached, with the orchestration instance id, before any rule acts (e.g. to record which process checkpointed what).</param>
    public FaultInjectingOrchestrationService(
        IOrchestrationService inner,
        IEnumerable<FaultRule> rules,
        Action<FaultRule>? onFiring = null,
        Action? kill = null,
        Action<FaultPoint, string>? observe = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.rules = rules.Select(r => new ArmedRule(r)).ToArray();
        this.onFiring = onFiring;
        this.observe = observe;
        this.kill = kill ?? KillCurrentProcess;
    }

    /// <summary>The rules that have fired so far.</summary>
    public IReadOnlyList<FaultRule> Fired => rules.Where(r => r.HasFired).Select(r => r.Rule).ToArray();

    /// <inheritdoc />
    public override async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        Hit(FaultPoint.BeforeOrchestrationCheckpoint, workItem.InstanceId);
        if (workItem.NewMessages?.Any(m => m.Event is TaskCompletedEvent or TaskFailedEvent) == true)
        {
            Hit(FaultPoint.BeforeCheckpointOfActivityResult, workItem.InstanceId);
        }

        await this.Inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState).ConfigureAwait(false);
        Hit(FaultPoint.AfterOrchestrationCheckpoint, workItem.InstanceId);
    }

    /// <inheritdoc />
    public override async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        string instanceId = workItem?.TaskMessage?.OrchestrationInstance?.InstanceId ?? "";
        Hit(FaultPoint.BeforeActivityCompletion, instanceId);
        await this.Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
        Hit(FaultPoint.AfterActivityCompletion, instanceId);
    }

    /// <inheritdoc />
    public override int GetDelayInSecondsAfterOnProcessException(Exception exception) =>
        exception is InjectedFaultException ? 0 : this.Inner.GetDelayInSecondsAfterOnProcessException(exception);

    private void Hit(FaultPoint point, string instanceId)
    {
        observe?.Invoke(point, instanceId);
        foreach (ArmedRule armed in rules)
        {
            if (armed.Rule.Point != point || !armed.TryFire())
            {
                continue;
            }

            onFiring?.Invoke(armed.Rule);
            if (armed.Rule.Action == FaultAction.Kill)
            {
                kill();
            }

            throw new InjectedFaultException(armed.Rule);
        }
    }

    private static void KillCurrentProcess()
    {
        using Process self = Process.GetCurrentProcess();
        self.Kill();

        // Kill delivers SIGKILL asynchronously: make sure nothing after this point runs.
        Thread.Sleep(Timeout.Infinite);
    }

    private sealed class ArmedRule(FaultRule rule)
    {
        private int hits;
        private int fired;

        public FaultRule Rule { get; } = rule;

        public bool HasFired => Volatile.Read(ref fired) != 0;

        public bool TryFire() =>
            Interlocked.Increment(ref hits) == Rule.Occurrence && Interlocked.Exchange(ref fired, 1) == 0;
    }
}
