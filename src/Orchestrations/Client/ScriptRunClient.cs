using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.History;
using ScriptHarness.Durable.Shims;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// The one door the Host (HTTP API, CLI) goes through to the durable backbone: start turns, list
/// and watch runs, read their audit history, decide approvals, answer host-resolved calls, stop,
/// suspend, resume and purge runs. It validates every request and refuses bad ones with a
/// <see cref="ScriptRunClientException"/> carrying a stable code; a refused request changes
/// nothing. The framework's refusals are translated into those codes here, so callers never see
/// (or hold) the durable client or its history events.
/// </summary>
public sealed partial class ScriptRunClient
{
    private static readonly OrchestrationRuntimeStatus[] EveryStatus = Enum.GetValues<OrchestrationRuntimeStatus>();

    // How long a caller that lost a race to start a turn looks for the winner's instance.
    private const int WinnerLookups = 20;
    private static readonly TimeSpan WinnerLookupDelay = TimeSpan.FromMilliseconds(100);
    private readonly DurableTaskClient client;
    private readonly IAuditHistoryReader history;
    private readonly IOptionsMonitor<OrchestrationsOptions> options;
    private readonly IOptionsMonitor<ScriptLimits> limits;
    private readonly Lazy<IReadOnlyList<string>>? tools;
    private readonly DeliveredDecisions deliveredDecisions = new();
    private Func<RunNotifications?>? notifications;
    private Func<IEnumerable<ScriptHarness.ScriptRuntime.Tools.ToolDescriptor>?>? retryTools;

    /// <summary>The <see cref="ScriptRunClientException.Limit"/> of a turn with too many blocks.</summary>
    public const string BlocksPerTurnLimit = "blocksPerTurn";

    /// <summary>The longest conversation id or turn id a turn may carry.</summary>
    public const int MaxTurnFieldLength = 256;

    /// <summary>Creates the client over the durable backbone's <see cref="DurableTaskClient"/> and its audit history.</summary>
    public ScriptRunClient(DurableTaskClient client, IAuditHistoryReader history, IOptionsMonitor<OrchestrationsOptions> options, IOptionsMonitor<ScriptLimits> limits)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        this.client = client;
        this.history = history;
        this.options = options;
        this.limits = limits;
    }

    /// <summary>
    /// Creates the client that also records <paramref name="tools"/>' names in each run's input, so
    /// a tool registered later never changes a running run.
    /// </summary>
    public ScriptRunClient(DurableTaskClient client, IAuditHistoryReader history, IOptionsMonitor<OrchestrationsOptions> options, IOptionsMonitor<ScriptLimits> limits, ToolRegistry tools)
        : this(client, history, options, limits)
    {
        ArgumentNullException.ThrowIfNull(tools);
        this.tools = new(() => [.. tools.Names]);
        this.retryTools = () => tools.Descriptors;
    }

    /// <summary>
    /// Creates the client that records the tool names <paramref name="toolNames"/> gives in each
    /// run's input, read when the first turn starts: a process that only reads runs (list, status,
    /// approve) never builds the tool registry, which starts and lists the configured MCP servers.
    /// </summary>
    public ScriptRunClient(DurableTaskClient client, IAuditHistoryReader history, IOptionsMonitor<OrchestrationsOptions> options, IOptionsMonitor<ScriptLimits> limits, Func<IEnumerable<string>> toolNames)
        : this(client, history, options, limits)
    {
        ArgumentNullException.ThrowIfNull(toolNames);
        this.tools = new(() => [.. toolNames()]);
    }

    /// <summary>The notifications each new run carries (host.json <c>notifications</c>, read when a turn starts).</summary>
    internal ScriptRunClient WithNotifications(Func<RunNotifications?> source)
    {
        this.notifications = source;
        return this;
    }

    /// <summary>
    /// The tools whose retry policies (<see cref="ScriptHarness.ScriptRuntime.Tools.ToolDescriptor.Retry"/>, then
    /// <c>orchestrations:toolRetries</c>) each new run pins, read when a turn starts.
    /// </summary>
    internal ScriptRunClient WithRetryTools(Func<IEnumerable<ScriptHarness.ScriptRuntime.Tools.ToolDescriptor>?> source)
    {
        this.retryTools = source;
        return this;
    }

    /// <summary>
    /// Starts a turn: one run per script, in order, each after the one before completed. A repeated
    /// trigger (same conversation, turn and scripts) returns the existing instances, finished or
    /// not, and schedules nothing; the same ids with different scripts are a <c>turn-conflict</c>.
    /// </summary>
    public Task<TurnStart> StartTurnAsync(TurnRequest request, CancellationToken cancellationToken = default) =>
        this.StartTurnCoreAsync(request, continuation: null, cancellationToken);

    /// <summary>Starts a turn whose first run continues an earlier run when <paramref name="continuation"/> is given.</summary>
    private async Task<TurnStart> StartTurnCoreAsync(TurnRequest request, RunContinuation? continuation, CancellationToken cancellationToken)
    {
        ValidateTurn(request);
        OrchestrationsOptions current = this.options.CurrentValue;
        if (current.Mode == FeatureMode.Disabled)
        {
            throw new ScriptRunClientException(ClientErrorCode.FeatureDisabled, "Scripts are disabled on this host (orchestrations:mode is disabled).");
        }

        // Checked here so that every door (CLI, HTTP, a library caller) gets it, before anything is scheduled.
        if (request.Scripts.Count > current.MaxBlocksPerTurn)
        {
            throw new ScriptRunClientException(
                ClientErrorCode.LimitExceeded,
                $"The turn has {request.Scripts.Count} <tool-calls> blocks; at most {current.MaxBlocksPerTurn} are allowed (orchestrations:maxBlocksPerTurn). Nothing was started.")
            {
                Limit = BlocksPerTurnLimit,
            };
        }

        string turnId = RunIds.Turn(request.ConversationId, request.TurnId);
        // A continuation is part of what the turn runs: the same scripts continuing a run are another turn's content.
        string hash = RunIds.ContentHash(continuation is null ? request.Scripts : [.. request.Scripts, "continue:" + continuation.FromRunId]);
        string[] runIds = [.. Enumerable.Range(0, request.Scripts.Count).Select(i => RunIds.Run(turnId, i))];

        TurnStart? existing = await this.FindExistingTurnAsync(turnId, hash, runIds, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        IReadOnlyDictionary<string, ScriptHarness.ScriptRuntime.Tools.ToolRetryPolicy>? retries = ToolRetries.Pin(this.retryTools?.Invoke(), current.ToolRetries);
        FeatureMode mode = request.Mode is FeatureMode.DryRun || current.Mode == FeatureMode.DryRun ? FeatureMode.DryRun : FeatureMode.Enabled;
        ScriptRunInput[] runs = [.. request.Scripts.Select((script, i) => new ScriptRunInput(
            script,
            new RunContext(request.ConversationId, request.TurnId, i, request.Workspace) { Mode = mode, Provider = request.Provider, Model = request.Model })
        {
            HostPolicy = current.Approvals.ToPolicy(),
            RunPolicy = request.Policy,
            ApprovalExpiry = request.ApprovalExpiry is { } asked && asked < current.Approvals.Expiry ? asked : current.Approvals.Expiry,
            Limits = this.RunLimits(request),
            Progress = current.Progress,
            Tools = this.tools?.Value,
            Notifications = this.notifications?.Invoke(),
            Continuation = i == 0 ? continuation : null,
            Retries = retries,
        })];

        ScriptTurnInput input = new(request.ConversationId, request.TurnId, runs, hash) { Output = request.Output, Provider = request.Provider };
        // No explicit version: the client's default is the worker's (the newest replay contract
        // unless durable:versioning says otherwise), so a turn starts on its host's newest contract.
        StartOrchestrationOptions start = new StartOrchestrationOptions(turnId).WithDedupeStatuses(EveryStatus);
        try
        {
            await this.client.ScheduleNewOrchestrationInstanceAsync(OrchestratorNames.ScriptTurn, input, start, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException)
        {
            // Another trigger of the same turn won the race: answer as for a repeated trigger. The
            // winner may still be writing the instance (Azure Storage claims the id first), so
            // look for it a few times before calling the refusal a conflict.
            for (int attempt = 0; ; attempt++)
            {
                TurnStart? winner = await this.FindExistingTurnAsync(turnId, hash, runIds, cancellationToken).ConfigureAwait(false);
                if (winner is not null)
                {
                    return winner;
                }

                if (attempt == WinnerLookups)
                {
                    throw new ScriptRunClientException(ClientErrorCode.TurnConflict, $"Turn {turnId} could not be started: {ex.Message}");
                }

                await Task.Delay(WinnerLookupDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        return new TurnStart(turnId, runIds, AlreadyStarted: false);
    }

    /// <summary>
    /// A run (or turn) by instance id, or null when there is none. A run id that a live turn handed
    /// out and has not started yet (its blocks run one after another) is a
    /// <see cref="RunView.Planned"/> run, <c>Pending</c>: a caller polling the ids a turn start
    /// returned never sees them missing. An id that cannot name a run (see
    /// <see cref="InstanceIdRules"/>) is refused as <c>invalid-request</c>.
    /// </summary>
    public async Task<RunView?> GetRunAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        RequireInstanceId(instanceId);
        OrchestrationMetadata? metadata = await this.client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is not null)
        {
            return await this.ToViewAsync(metadata, cancellationToken).ConfigureAwait(false);
        }

        return await this.PlannedRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The planned run of a live turn, when <paramref name="runId"/> is one of its run ids and no
    /// instance exists yet. Read again after the turn: the turn may have started the run between
    /// the two reads.
    /// </summary>
    private async Task<RunView?> PlannedRunAsync(string runId, CancellationToken cancellationToken)
    {
        string turnId = RunIds.TurnOf(runId);
        int block = RunIds.BlockOf(runId, -1);
        if (block < 0 || turnId == runId || !string.Equals(RunIds.Run(turnId, block), runId, StringComparison.Ordinal))
        {
            return null;
        }

        OrchestrationMetadata? turn = await this.client.GetInstanceAsync(turnId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (turn?.Name != OrchestratorNames.ScriptTurn || block >= (turn.ReadInputAs<ScriptTurnInput>()?.Runs.Count ?? 0))
        {
            return null;
        }

        if (IsActive(turn.RuntimeStatus))
        {
            return new RunView(runId, OrchestrationRuntimeStatus.Pending) { CreatedAt = turn.CreatedAt, Planned = true };
        }

        // The turn finished between the two reads having started the run, or without it (NotRun).
        OrchestrationMetadata? started = await this.client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return started is null ? null : await this.ToViewAsync(started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The output of a finished turn, or null while it runs or when there is none.</summary>
    public async Task<ScriptTurnOutput?> GetTurnOutputAsync(string turnInstanceId, CancellationToken cancellationToken = default)
    {
        RequireInstanceId(turnInstanceId);
        OrchestrationMetadata? metadata = await this.client.GetInstanceAsync(turnInstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return metadata is { RuntimeStatus: OrchestrationRuntimeStatus.Completed } ? metadata.ReadOutputAs<ScriptTurnOutput>() : null;
    }

    /// <summary>Waits until the run (or turn) finishes and returns its view.</summary>
    public async Task<RunView> WaitForRunAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        OrchestrationMetadata metadata = await this.client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return await this.ToViewAsync(metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers a decision on a call that waits for approval. Refused (nothing sent) for an unknown
    /// run or call, a finished run, or a call already decided differently; the same decision
    /// twice is a no-op. Delivery is not the last word: the run is authoritative, and a decision
    /// that arrives after the expiry fired is recorded in the history and ignored.
    /// </summary>
    public async Task<DecisionOutcome> DecideAsync(string instanceId, int callId, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        IReadOnlyList<DecisionOutcome> outcomes = await this.DecideManyAsync(instanceId, [(callId, decision)], cancellationToken).ConfigureAwait(false);
        return outcomes[0];
    }

    /// <summary>Delivers several decisions on one run, each checked as <see cref="DecideAsync"/> does, all checked before any is sent.</summary>
    public async Task<IReadOnlyList<DecisionOutcome>> DecideManyAsync(string instanceId, IReadOnlyList<(int CallId, ApprovalDecision Decision)> decisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count == 0 || decisions.Select(d => d.CallId).Distinct().Count() != decisions.Count)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "decisions must name each call once and at least one call.");
        }

        foreach ((_, ApprovalDecision decision) in decisions)
        {
            ArgumentNullException.ThrowIfNull(decision);
            if (!Enum.IsDefined(decision.Verdict) || !Enum.IsDefined(decision.Scope))
            {
                throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "decision must be approve or deny, scope call or run.");
            }
        }

        RequireInstanceId(instanceId);
        SemaphoreSlim gate = this.deliveredDecisions.GateFor(instanceId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RunView view = await this.RequireRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
            List<DecisionOutcome> outcomes = [];
            foreach ((int callId, ApprovalDecision decision) in decisions)
            {
                if (this.CheckDecided(view, callId, decision) is { } known)
                {
                    outcomes.Add(known);
                    continue;
                }

                RequireRunning(view);
                _ = FindPending(view, callId, PendingKind.Approval);
                outcomes.Add(DecisionOutcome.Delivered);
            }

            for (int i = 0; i < decisions.Count; i++)
            {
                if (outcomes[i] == DecisionOutcome.Delivered)
                {
                    outcomes[i] = await this.DeliverAsync(instanceId, decisions[i].CallId, decisions[i].Decision, cancellationToken).ConfigureAwait(false);
                }
            }

            return outcomes;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Posts the result of a host-resolved call that waits for it; refused for unknown calls and finished runs.</summary>
    public async Task PostResultAsync(string instanceId, int callId, HostResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        RunView view = await this.RequireRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
        RequireRunning(view);
        _ = FindPending(view, callId, PendingKind.Result);
        await this.client.RaiseEventAsync(instanceId, RunEvents.Result(callId), result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops a run or a turn. Graceful (the default): the run cancels what is pending, waits for
    /// started calls to return and completes with a report that lists the cancelled calls (a turn
    /// stops its current run that way and reports the rest as not run). Forced: the framework's
    /// hard terminate, with no report.
    /// </summary>
    public async Task TerminateAsync(string instanceId, TerminateRequest request, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RunView view = await this.RequireRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
        RequireRunning(view);
        if (force)
        {
            await this.ForceTerminateAsync(instanceId, request, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await this.client.RaiseEventAsync(instanceId, RunEvents.Terminate, request, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void ValidateTurn(TurnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<string> problems = [];
        if (string.IsNullOrWhiteSpace(request.ConversationId))
        {
            problems.Add("conversationId is required");
        }
        else if (TurnFieldProblem(request.ConversationId, "conversationId") is { } conversationProblem)
        {
            problems.Add(conversationProblem);
        }

        if (string.IsNullOrWhiteSpace(request.TurnId))
        {
            problems.Add("turnId is required");
        }
        else if (TurnFieldProblem(request.TurnId, "turnId") is { } turnProblem)
        {
            problems.Add(turnProblem);
        }

        if (request.Scripts is null || request.Scripts.Count == 0 || request.Scripts.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("scripts must hold at least one non-empty script");
        }

        if (string.IsNullOrWhiteSpace(request.Workspace) || request.Workspace.Any(char.IsControl) || !Path.IsPathFullyQualified(request.Workspace))
        {
            problems.Add("workspace must be an absolute path without control characters");
        }

        if (request.ApprovalExpiry is { } expiry && expiry <= TimeSpan.Zero)
        {
            problems.Add("approvalExpiry must be positive");
        }

        if (request.Mode is FeatureMode.Disabled)
        {
            problems.Add("mode disabled starts nothing; leave the tags as text instead");
        }

        if (request.Policy?.Validate("policy") is { Count: > 0 } policyProblems)
        {
            problems.AddRange(policyProblems);
        }

        if (problems.Count > 0)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, string.Join("; ", problems) + ".");
        }
    }

    // Conversation and turn ids are hashed into the instance id, so any text works; the cap keeps
    // the audit readable and the input small, and control characters are never part of an id.
    private static string? TurnFieldProblem(string value, string name) =>
        value.Length > MaxTurnFieldLength ? $"{name} is {value.Length} characters long; at most {MaxTurnFieldLength} are allowed"
        : value.Any(char.IsControl) ? $"{name} must not hold control characters"
        : null;

    private async Task<RunView> ToViewAsync(OrchestrationMetadata metadata, CancellationToken cancellationToken)
    {
        RunFailure? failure = null;
        if (metadata.FailureDetails is { } details)
        {
            // The call sequence of a divergence is in the history (the framework names its own task id).
            IReadOnlyList<DurableHistoryEvent>? history =
                RunFailure.IsNonDeterminism(details.ErrorType, details.ErrorMessage)
                    ? await this.history.ReadAsync(metadata.InstanceId, cancellationToken).ConfigureAwait(false)
                    : null;
            failure = RunFailure.From(details.ErrorType, details.ErrorMessage, history);
        }

        RunView view = ToView(metadata) with { Failure = failure };
        return view.Status is { } status && IsActive(view.RuntimeStatus)
            ? view with { Status = await this.WithDeliveredDecisionsAsync(view.InstanceId, status, cancellationToken).ConfigureAwait(false) }
            : view;
    }

    /// <summary>
    /// Moves the pending approvals whose decision was delivered but not yet processed by the run
    /// (it records a decision only in its next episode) to <see cref="RunStatus.Decided"/> with
    /// <see cref="DecidedCall.Delivered"/>, so a client acting on <c>pending</c> does not decide
    /// them again. The store says which decisions wait (SQLite, from any process); this process's
    /// own deliveries are added on every store.
    /// </summary>
    private async Task<RunStatus> WithDeliveredDecisionsAsync(string instanceId, RunStatus status, CancellationToken cancellationToken)
    {
        List<PendingCall> approvals = [.. status.Pending.Where(p => p.Kind == PendingKind.Approval)];
        if (approvals.Count == 0)
        {
            return status;
        }

        Dictionary<int, ApprovalDecision> delivered = [];
        if (this.client is TaskHubDurableTaskClient { CanRaiseEventsOnce: true } store
            && await store.GetWaitingEventsAsync<ApprovalDecision>(instanceId, RunEvents.ApprovalPrefix, cancellationToken).ConfigureAwait(false) is { } waiting)
        {
            foreach ((string name, ApprovalDecision? decision) in waiting)
            {
                if (decision is not null && RunEvents.ApprovalCallId(name) is { } callId)
                {
                    delivered.TryAdd(callId, decision);
                }
            }
        }

        // This process's own deliveries count too, on every store: the run may take a decision
        // out of the waiting events between the status read and that one (its episode commits
        // the new status too, but after the status was read), and the process that delivered it
        // must never be shown the call as pending again.
        foreach (PendingCall call in approvals)
        {
            if (!delivered.ContainsKey(call.CallId) && this.deliveredDecisions.Find(instanceId, call.CallId) is { } verdict)
            {
                delivered[call.CallId] = new ApprovalDecision(verdict);
            }
        }

        List<DecidedCall> moved = [.. approvals.Where(p => delivered.ContainsKey(p.CallId)).Select(p => new DecidedCall(p.CallId, delivered[p.CallId].Verdict, delivered[p.CallId].Scope) { Delivered = true })];
        if (moved.Count == 0)
        {
            return status;
        }

        List<PendingCall> pending = [.. status.Pending.Where(p => p.Kind != PendingKind.Approval || !delivered.ContainsKey(p.CallId))];
        RunPhase phase = status.Phase != RunPhase.AwaitingApproval || pending.Any(p => p.Kind == PendingKind.Approval) ? status.Phase
            : pending.Count > 0 ? RunPhase.AwaitingResult
            : RunPhase.Running;
        return status with { Phase = phase, Pending = pending, Decided = [.. status.Decided, .. moved] };
    }

    private static RunView ToView(OrchestrationMetadata metadata)
    {
        bool isRun = metadata.Name == OrchestratorNames.ScriptRun;
        return new RunView(metadata.InstanceId, metadata.RuntimeStatus)
        {
            Status = isRun && metadata.SerializedCustomStatus is { Length: > 0 } ? metadata.ReadCustomStatusAs<RunStatus>() : null,
            Output = isRun && metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.SerializedOutput is { Length: > 0 }
                ? metadata.ReadOutputAs<ScriptRunOutput>()
                : null,
            CreatedAt = metadata.CreatedAt,
            ContinuedFrom = isRun ? ContinuedFromOf(metadata) : null,
        };
    }

    /// <summary>
    /// AlreadyDecided when the call was decided (by the run, or delivered by this client) the same
    /// way; a conflict when differently or when it expired; null when it is undecided.
    /// </summary>
    private DecisionOutcome? CheckDecided(RunView view, int callId, ApprovalDecision decision)
    {
        DecidedCall? decided = FindDecided(view, callId);
        if (decided is null && this.deliveredDecisions.Find(view.InstanceId, callId) is { } delivered)
        {
            decided = new DecidedCall(callId, delivered, decision.Scope);
        }

        if (decided is null)
        {
            return null;
        }

        return decided.Verdict == decision.Verdict && !decided.Expired
            ? DecisionOutcome.AlreadyDecided
            : throw new ScriptRunClientException(
                ClientErrorCode.DecisionConflict,
                decided.Expired
                    ? $"Call {callId} of run {view.InstanceId} expired before a decision arrived."
                    : $"Call {callId} of run {view.InstanceId} was already decided: {decided.Verdict.ToString().ToLowerInvariant()}.");
    }

    /// <summary>
    /// Sends the decision. On a store that raises an event once per name (SQLite), the store
    /// decides between two processes delivering on the same call: the second learns what the
    /// first delivered (a no-op when it agrees, a conflict when not). Elsewhere only this
    /// process's deliveries are known.
    /// </summary>
    private async Task<DecisionOutcome> DeliverAsync(string instanceId, int callId, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        ApprovalDecision stamped = decision with { DecidedAt = decision.DecidedAt ?? DateTimeOffset.UtcNow };
        string name = RunEvents.Approval(callId);
        if (this.client is TaskHubDurableTaskClient { CanRaiseEventsOnce: true } store
            && await store.RaiseEventOnceAsync(instanceId, name, stamped, cancellationToken).ConfigureAwait(false) is { } once)
        {
            switch (once.Outcome)
            {
                case EventOnceOutcome.NoLiveInstance:
                    throw new ScriptRunClientException(ClientErrorCode.RunFinished, $"Run {instanceId} has finished.");
                case EventOnceOutcome.AlreadyRaised when once.Existing is { } first:
                    this.deliveredDecisions.Remember(instanceId, callId, first.Verdict);
                    return first.Verdict == decision.Verdict
                        ? DecisionOutcome.AlreadyDecided
                        : throw new ScriptRunClientException(
                            ClientErrorCode.DecisionConflict,
                            $"Call {callId} of run {instanceId} was already decided: {first.Verdict.ToString().ToLowerInvariant()} (delivered by another client).");
                case EventOnceOutcome.AlreadyRaised:
                    throw new ScriptRunClientException(ClientErrorCode.DecisionConflict, $"Call {callId} of run {instanceId} already has a decision.");
                default:
                    this.deliveredDecisions.Remember(instanceId, callId, decision.Verdict);
                    return DecisionOutcome.Delivered;
            }
        }

        await this.client.RaiseEventAsync(instanceId, name, stamped, cancellationToken).ConfigureAwait(false);
        this.deliveredDecisions.Remember(instanceId, callId, decision.Verdict);
        return DecisionOutcome.Delivered;
    }

    private static DecidedCall? FindDecided(RunView view, int callId)
    {
        if (view.Status?.Decided.FirstOrDefault(d => d.CallId == callId) is { } decided)
        {
            return decided;
        }

        CallApproval? audit = view.Output?.Approvals.FirstOrDefault(a => a.CallId == callId);
        return audit switch
        {
            { Expired: true } => new DecidedCall(callId, DecisionVerdict.Deny, DecisionScope.Call, Expired: true),
            { Decision: { } d } => new DecidedCall(callId, d.Verdict, d.Scope),
            _ => null,
        };
    }

    private static PendingCall FindPending(RunView view, int callId, PendingKind kind) =>
        view.Status?.Pending.FirstOrDefault(p => p.CallId == callId && p.Kind == kind)
        ?? throw new ScriptRunClientException(
            ClientErrorCode.UnknownCall,
            $"Run {view.InstanceId} has no call {callId} waiting for {(kind == PendingKind.Approval ? "a decision" : "a result")}.");

    private static bool IsActive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    private static void RequireRunning(RunView view)
    {
        if (!IsActive(view.RuntimeStatus))
        {
            throw new ScriptRunClientException(ClientErrorCode.RunFinished, $"Run {view.InstanceId} has finished ({view.RuntimeStatus}).");
        }
    }

    /// <summary>
    /// The framework's hard terminate. The durable client terminates one instance at a time (it
    /// refuses recursive terminates), so a turn's active runs are terminated by their ids first.
    /// </summary>
    private async Task ForceTerminateAsync(string instanceId, TerminateRequest request, CancellationToken cancellationToken)
    {
        TerminateInstanceOptions options = new($"forced by {request.RequestedBy ?? "unknown"}: {request.Reason ?? "no reason given"}");
        foreach (string runId in await this.GetTurnRunIdsAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? [])
        {
            RunView? run = await this.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (run is not null && IsActive(run.RuntimeStatus))
            {
                await Translated(() => this.client.TerminateInstanceAsync(run.InstanceId, options, cancellationToken)).ConfigureAwait(false);
            }
        }

        await Translated(() => this.client.TerminateInstanceAsync(instanceId, options, cancellationToken)).ConfigureAwait(false);
    }

    private static void RequireInstanceId(string instanceId)
    {
        if (InstanceIdRules.Problem(instanceId, "instanceId") is { } problem)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, problem);
        }
    }

    private async Task<RunView> RequireRunAsync(string instanceId, CancellationToken cancellationToken)
    {
        RequireInstanceId(instanceId);
        return await this.GetRunAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new ScriptRunClientException(ClientErrorCode.NotFound, $"No run has id {instanceId}.");
    }

    private async Task<TurnStart?> FindExistingTurnAsync(string turnId, string hash, string[] runIds, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? existing = await this.client.GetInstanceAsync(turnId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return null;
        }

        ScriptTurnInput? input = existing.ReadInputAs<ScriptTurnInput>();
        return input is not null && string.Equals(input.ContentHash, hash, StringComparison.Ordinal)
            ? new TurnStart(turnId, runIds, AlreadyStarted: true)
            : throw new ScriptRunClientException(ClientErrorCode.TurnConflict, $"Turn {turnId} was already started with different scripts.");
    }
}
