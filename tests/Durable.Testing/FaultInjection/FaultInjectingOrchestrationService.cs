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
    private TaskCompletionSource? checkpointsHeld;

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
        if (Volatile.Read(ref checkpointsHeld) is { } held)
        {
            await held.Task.ConfigureAwait(false);
        }

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

        // The point promises "the result is committed; the orchestration has not checkpointed it".
        // The commit itself may wake the orchestration (an extended session of this process takes
        // the result at once): it would checkpoint the result, and start the next activity, before
        // this thread gets to kill. So the occurrence is counted before the commit, and a kill due
        // at it holds every checkpoint of this process from before the commit until the kill.
        ArmedRule? due = Reserve(FaultPoint.AfterActivityCompletion);
        TaskCompletionSource? hold = null;
        if (due?.Rule.Action == FaultAction.Kill)
        {
            hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref checkpointsHeld, hold);
        }

        try
        {
            await this.Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
            observe?.Invoke(FaultPoint.AfterActivityCompletion, instanceId);
            Act(due);
        }
        finally
        {
            // Reached only when nothing killed the process (the completion failed, or a test's kill action returned).
            if (hold is not null)
            {
                Interlocked.CompareExchange(ref checkpointsHeld, null, hold);
                hold.TrySetResult();
            }
        }
    }

    /// <inheritdoc />
    public override int GetDelayInSecondsAfterOnProcessException(Exception exception) =>
        exception is InjectedFaultException ? 0 : this.Inner.GetDelayInSecondsAfterOnProcessException(exception);

    private void Hit(FaultPoint point, string instanceId)
    {
        observe?.Invoke(point, instanceId);
        Act(Reserve(point));
    }

    /// <summary>Counts one hit of <paramref name="point"/> (rule by rule, as far as the first that fires); returns the rule this hit fires, if any.</summary>
    private ArmedRule? Reserve(FaultPoint point) => rules.FirstOrDefault(r => r.Rule.Point == point && r.TryFire());

    /// <summary>Does what a fired rule says: kill, or throw.</summary>
    private void Act(ArmedRule? due)
    {
        if (due is null)
        {
            return;
        }

        onFiring?.Invoke(due.Rule);
        if (due.Rule.Action == FaultAction.Kill)
        {
            kill();
        }

        throw new InjectedFaultException(due.Rule);
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
