using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Orchestrations.Telemetry;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// One script run as a Durable Task orchestration. It drives the script runtime's step machine
/// on the orchestration thread: every call the script dispatches goes through the policy, an
/// approval wait when the policy asks, then the tool's activity; whichever pending task
/// completes next settles its promise, until the script and every started call have settled.
/// Replays re-run the script against the history, so the same completions reach it in the same
/// order. Script errors, limits and refusals complete the orchestration with a report; only
/// harness faults fail it.
/// </summary>
/// <remarks>
/// Versioning: one registration for every replay contract, branching on the run's contract
/// (<see cref="ReplayContract.Require"/> of the orchestration version) where a newer contract
/// changed the sequence, rather than one registration per name and version: the turn, the client
/// and every test schedule one name, the backbone's catalog keeps one implementation per name,
/// and a branch keeps the old path next to the code it differs from. Contract 2 branches in
/// <see cref="RunNotices"/> (the "asked" activity and the run-finished notification).
/// </remarks>
public sealed class ScriptRunOrchestrator : TaskOrchestrator<ScriptRunInput, ScriptRunOutput>
{
    private readonly IReadOnlyList<ToolDescriptor> tools;
    private readonly int newest;

    /// <summary>Creates the orchestrator over the worker's tools.</summary>
    public ScriptRunOrchestrator(ToolRegistry registry)
        : this(registry, ReplayContract.Current)
    {
    }

    /// <summary>Creates the orchestrator for a worker whose newest contract is <paramref name="newest"/> (test builds of a later contract).</summary>
    internal ScriptRunOrchestrator(ToolRegistry registry, int newest)
    {
        ArgumentNullException.ThrowIfNull(registry);
        this.tools = registry.Descriptors;
        this.newest = newest;
    }

    /// <inheritdoc />
    public override async Task<ScriptRunOutput> RunAsync(TaskOrchestrationContext context, ScriptRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input is null)
        {
            throw new ArgumentException("A script run needs its input.", nameof(input));
        }

        // Contract 2 adds the notices (RunNotices): the "asked" activity and the run-finished notification.
        int contract = ReplayContract.Require(context.Version, ReplayContract.Oldest, this.newest);
        IReadOnlyList<ToolDescriptor> tools = RunTools.Select(this.tools, input.Tools);

        // Telemetry from the history's clock, recorded only by the episode that is not replaying.
        DateTime started = context.CurrentUtcDateTime;
        if (!context.IsReplaying)
        {
            RunMetrics.RunStarted();
        }

        // Replay-safe: the context drops what a replay would log a second time.
        ILogger logger = context.CreateReplaySafeLogger<ScriptRunOrchestrator>();
        using IDisposable? scope = logger.BeginScope(RunTelemetry.Scope(context.InstanceId));
        logger.ScriptRunStarted(context.InstanceId, input.Context.Mode.ToString());
        CallCoordinator calls = new(context, input, tools, contract);
        using CancellationTokenSource stopListening = new();
        Task<TerminateRequest> terminate = context.WaitForExternalEvent<TerminateRequest>(RunEvents.Terminate, stopListening.Token);
        TerminateRequest? terminated = null;
        ProgressTracker progress = new(input.Progress, () => context.CurrentUtcDateTime);

        ScriptStep step = ScriptRun.Start(input.Script, new ScriptRunOptions
        {
            Tools = tools,
            Limits = input.Limits,
            Context = RunContextJson.Build(context.InstanceId, input, input.Limits, tools),
            Clock = () => context.CurrentUtcDateTime,
            RandomSeed = Seed(context.NewGuid()),
            Gate = calls.Gate,
            Progress = progress.Offer,
        });

        // Set once: the framework serializes it at the end of each episode, so it shows the state then.
        context.SetCustomStatus(new LiveRunStatus(() => calls.Status(step.ScriptSettled, progress.Last)));

        List<(Task<ToolOutcome> Task, int Seq)> active = [];
        Follow(step, calls, active);
        while (!step.IsFinished)
        {
            if (active.Count == 0)
            {
                // Nothing in flight can settle what the script awaits (e.g. a promise it made itself).
                step = step.Run.Cancel(ScriptError.Create(ScriptErrorCode.Cancelled, "The script waits on a promise that no tool call will settle."));
                Follow(step, calls, active);
                continue;
            }

            Task winner = FirstCompleted(active) ?? await WhenAnyAsync(active, terminated is null ? terminate : null);
            if (winner == terminate)
            {
                terminated = terminate.IsCompletedSuccessfully ? terminate.Result ?? new TerminateRequest() : new TerminateRequest();
                string why = terminated.Reason is { Length: > 0 } reason ? reason : "the run was terminated";
                step = step.Run.Cancel(ScriptError.Create(ScriptErrorCode.Cancelled, $"Terminated: {why}."));
                Follow(step, calls, active);
                continue;
            }

            int index = IndexOf(active, winner);
            (Task<ToolOutcome> done, int seq) = active[index];
            active.RemoveAt(index);
            step = step.Run.Settle(seq, await done);
            Follow(step, calls, active);
        }

        StopListening(stopListening);
        await calls.FinishHousekeepingAsync();
        await calls.FinishNoticesAsync(step.Report!);
        logger.ScriptRunFinished(
            context.InstanceId,
            step.Report!.Status.ToString(),
            step.Report.Calls.Count,
            terminated is null ? string.Empty : " (terminated)");
        if (!context.IsReplaying)
        {
            RunTelemetry.Finished(context.InstanceId, step.Report!, started, context.CurrentUtcDateTime);
        }

        return new ScriptRunOutput(step.Report!)
        {
            Approvals = calls.Audits(),
            DryRun = calls.DryRun,
            TerminatedBy = terminated is null ? null : terminated.RequestedBy ?? "unknown",
        };
    }

    // What Task.WhenAny over the same list would pick when a call has already completed (it
    // returns the first completed task in list order, and terminate comes last), without the
    // list, the WhenAny task and its continuation: with live-run caching the next call's result
    // is often there already.
    private static Task? FirstCompleted(List<(Task<ToolOutcome> Task, int Seq)> active)
    {
        foreach ((Task<ToolOutcome> task, _) in active)
        {
            if (task.IsCompleted)
            {
                return task;
            }
        }

        return null;
    }

    private static int IndexOf(List<(Task<ToolOutcome> Task, int Seq)> active, Task winner)
    {
        for (int i = 0; i < active.Count; i++)
        {
            if (active[i].Task == winner)
            {
                return i;
            }
        }

        return -1;
    }

    private static Task<Task> WhenAnyAsync(List<(Task<ToolOutcome> Task, int Seq)> active, Task? terminate)
    {
        if (active.Count == 1 && terminate is not null)
        {
            return Task.WhenAny(active[0].Task, terminate);
        }

        List<Task> waits = new(active.Count + 1);
        foreach ((Task<ToolOutcome> task, _) in active)
        {
            waits.Add(task);
        }

        if (terminate is not null)
        {
            waits.Add(terminate);
        }

        return Task.WhenAny(waits);
    }

    private static void Follow(ScriptStep step, CallCoordinator calls, List<(Task<ToolOutcome> Task, int Seq)> active)
    {
        foreach (ToolCallRequest request in step.Dispatched)
        {
            active.Add((calls.Start(request), request.CallId));
        }

        foreach (int seq in step.Cancel)
        {
            calls.Cancel(seq, "The script no longer needs this call.");
        }

        calls.FlushCancellations();
    }

#pragma warning disable CA1849 // CancelAsync would run the framework's callbacks on the thread pool.
    private static void StopListening(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849

    private static ulong Seed(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
