using System.ComponentModel;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Http;
using ScriptHarness.Host.Reports;
using ScriptHarness.Host.Turns;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Parsing;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// The MCP tools: start a durable script run, read a run, decide a waiting call. Every tool
/// reaches runs through <see cref="ScriptRunClient"/> only, so a run started in one session (or
/// process) is found by id and decided from any other on the same store.
/// </summary>
[McpServerToolType]
internal sealed partial class ScriptHarnessMcpTools(
    ScriptRunClient runs,
    TurnParser parser,
    RunFollower follower,
    IOptions<HarnessHostOptions> host,
    IOptions<ScriptLimits> limits,
    ILogger<ScriptHarnessMcpTools> logger)
{
    /// <summary>The longest wait a caller may ask for, in seconds.</summary>
    public const int MaxWaitSeconds = 600;

    private const int DefaultWaitSeconds = 30;

    [McpServerTool(Name = "run_script", Title = "Run a script durably", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("Runs JavaScript durably in the ScriptHarness sandbox: every tools.* call (see the scriptharness://tools.d.ts resource) is a durable activity under the host's approval policy. Give either `script` (a plain JavaScript body; use await, return a value) or `output` (a model's answer holding <tool-calls>...</tool-calls> blocks). Answers the turn: status completed/failed/cancelled with each run's report, `paused` with the calls waiting for approval (decide them with decide_call), or `running` when the wait ended first (follow with get_run); a block after one that has not completed is `not-started`. The same conversationId and turnId started again return the same runs.")]
    public async Task<CallToolResult> RunScriptAsync(
        RequestContext<CallToolRequestParams> context,
        IProgress<ProgressNotificationValue> progress,
        [Description("A plain JavaScript body to run (not TypeScript). Exactly one of script and output.")] string? script = null,
        [Description("A model's output holding <tool-calls> blocks (plain text). Exactly one of script and output.")] string? output = null,
        [Description("Absolute path of the workspace the tools work in; must lie under the host's workspace roots. Default: the host's default workspace.")] string? workspace = null,
        [Description("The conversation this turn belongs to (with turnId, makes a retry return the same runs). Default: a new one.")] string? conversationId = null,
        [Description("The turn's id within the conversation. Default: t1.")] string? turnId = null,
        [Description("How long to wait for the run before answering `running`, in seconds (0-600, default 30).")] int waitSeconds = DefaultWaitSeconds,
        [Description("Ask this client's user to approve waiting calls (MCP elicitation) when the client supports it; false answers `paused` at once.")] bool askUser = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if ((script is null) == (output is null))
        {
            return McpToolResults.Invalid(script is null ? "script" : "output", "Give exactly one of script (a JavaScript body) and output (a model output holding <tool-calls> blocks).");
        }

        if (WaitProblem(waitSeconds) is { } badWait)
        {
            return badWait;
        }

        foreach ((string field, string? value) in new[] { ("conversationId", conversationId), ("turnId", turnId) })
        {
            if (value is { Length: 0 } || TextFields.NameProblem(value, field) is not null)
            {
                return McpToolResults.Invalid(field, TextFields.NameProblem(value, field) ?? $"{field} must not be empty.");
            }
        }

        ParsedTurn turn = script is not null ? this.ParseScript(script) : parser.Parse(output!);
        if (turn.Error is { } error)
        {
            return McpToolResults.From(ReportError.From(error), turn.ErrorBlock);
        }

        if (turn.NoScript)
        {
            return McpToolResults.Error("no-script", "The output has no <tool-calls> block; there is nothing to run.");
        }

        if (!WorkspaceGuard.TryResolve(workspace, host.Value, out string root, out string why))
        {
            return McpToolResults.Invalid("workspace", why);
        }

        TurnRequest request = new(conversationId ?? "mcp-" + Guid.NewGuid().ToString("N"), turnId ?? "t1", turn.Scripts, root)
        {
            Provider = turn.Format?.ToString(),
        };
        try
        {
            TurnStart started = await runs.StartTurnAsync(request, cancellationToken).ConfigureAwait(false);
            FollowOptions follow = this.Follow(context, progress, waitSeconds, askUser);
            IReadOnlyList<McpRunAnswer> answers = await follower.FollowTurnAsync(started.TurnInstanceId, started.RunInstanceIds, follow, cancellationToken).ConfigureAwait(false);
            return McpToolResults.Ok(new McpTurnAnswer(started.TurnInstanceId, McpTurnAnswer.StatusOf(answers), answers) { AlreadyStarted = started.AlreadyStarted });
        }
        catch (ScriptRunClientException ex)
        {
            return McpToolResults.From(ex);
        }
    }

    [McpServerTool(Name = "get_run", Title = "Get a run", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("A run (or a turn) by instance id, from any session or process: status running/paused/completed/failed/cancelled (a turn's later blocks not-started until the blocks before them complete), the calls waiting for a decision, the report once finished. With waitSeconds > 0 it waits (with progress notifications) until the run finishes or pauses.")]
    public async Task<CallToolResult> GetRunAsync(
        RequestContext<CallToolRequestParams> context,
        IProgress<ProgressNotificationValue> progress,
        [Description("The run's instance id (run_script's runs[].instanceId) or the turn's id (turnId).")] string instanceId,
        [Description("How long to wait for the run to finish or pause, in seconds (0-600, default 0: answer at once).")] int waitSeconds = 0,
        [Description("While waiting, ask this client's user to approve waiting calls (MCP elicitation) when the client supports it.")] bool askUser = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (WaitProblem(waitSeconds) is { } badWait)
        {
            return badWait;
        }

        try
        {
            FollowOptions follow = this.Follow(context, progress, waitSeconds, askUser);
            if (await runs.GetTurnRunIdsAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } runIds)
            {
                IReadOnlyList<McpRunAnswer> answers = await follower.FollowTurnAsync(instanceId, runIds, follow, cancellationToken).ConfigureAwait(false);
                return McpToolResults.Ok(new McpTurnAnswer(instanceId, McpTurnAnswer.StatusOf(answers), answers) { AlreadyStarted = true });
            }

            McpRunAnswer? answer = await follower.FollowRunAsync(instanceId, null, follow, cancellationToken).ConfigureAwait(false);
            return answer is null ? NotFound(instanceId) : McpToolResults.Ok(answer);
        }
        catch (ScriptRunClientException ex)
        {
            return McpToolResults.From(ex);
        }
    }

    [McpServerTool(Name = "decide_call", Title = "Approve or deny a waiting call", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Approves or denies a call that waits for approval (a `paused` run's pending call with kind approval), from any session or process. The same decision twice is a no-op; a different one is a decision-conflict error. Then waits (waitSeconds) for the run to finish or pause again and answers it like get_run.")]
    public async Task<CallToolResult> DecideCallAsync(
        RequestContext<CallToolRequestParams> context,
        IProgress<ProgressNotificationValue> progress,
        [Description("The run's instance id.")] string instanceId,
        [Description("The waiting call's id (pending[].callId).")] int callId,
        [Description("approve lets the call run; deny rejects it with approval-denied, which the script may catch.")] McpVerdict decision,
        [Description("call: this call only (default); run: every call of this run that asks for the same reason (for exec, the same command).")] McpScope scope = McpScope.Call,
        [Description("Why; recorded in the run's history, and on denial carried by the script's error.")] string? reason = null,
        [Description("Who decided, as recorded in the history (default: mcp:<client name>).")] string? decidedBy = null,
        [Description("How long to wait afterwards for the run to finish or pause again, in seconds (0-600, default 30).")] int waitSeconds = DefaultWaitSeconds,
        [Description("While waiting, ask this client's user about further approvals (MCP elicitation) when the client supports it.")] bool askUser = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (WaitProblem(waitSeconds) is { } badWait)
        {
            return badWait;
        }

        if (TextFields.TextProblem(reason, "reason") is { } badReason)
        {
            return McpToolResults.Invalid("reason", badReason);
        }

        if (TextFields.NameProblem(decidedBy, "decidedBy") is { } badDecider)
        {
            return McpToolResults.Invalid("decidedBy", badDecider);
        }

        ApprovalDecision verdict = new(
            decision == McpVerdict.Approve ? DecisionVerdict.Approve : DecisionVerdict.Deny,
            scope == McpScope.Run ? DecisionScope.Run : DecisionScope.Call,
            reason,
            decidedBy ?? ApprovalElicitor.Decider(context),
            ApiKeyAuthenticationHandler.KeyIdOf(UserOf(context)!));
        try
        {
            DecisionOutcome outcome = await runs.DecideAsync(instanceId, callId, verdict, cancellationToken).ConfigureAwait(false);
            FollowOptions follow = this.Follow(context, progress, waitSeconds, askUser);
            McpRunAnswer answer = await follower.FollowRunAsync(instanceId, null, follow, cancellationToken).ConfigureAwait(false)
                ?? new McpRunAnswer(instanceId, McpRunStatus.Running);
            return McpToolResults.Ok(answer with { Decision = outcome == DecisionOutcome.Delivered ? "delivered" : "already-decided" });
        }
        catch (ScriptRunClientException ex)
        {
            return McpToolResults.From(ex);
        }
    }

    private static CallToolResult? WaitProblem(int waitSeconds) =>
        waitSeconds is < 0 or > MaxWaitSeconds ? McpToolResults.Invalid("waitSeconds", $"waitSeconds must be between 0 and {MaxWaitSeconds}.") : null;

    private static CallToolResult NotFound(string instanceId) =>
        McpToolResults.Error("not-found", $"No run or turn has the id '{(instanceId.Length > 128 ? instanceId[..128] + "…" : instanceId)}'.");

    private static ClaimsPrincipal? UserOf(RequestContext<CallToolRequestParams> context) => context.JsonRpcRequest.Context?.User;

    private FollowOptions Follow(RequestContext<CallToolRequestParams> context, IProgress<ProgressNotificationValue> progress, int waitSeconds, bool askUser) =>
        new(TimeSpan.FromSeconds(waitSeconds), progress, ApprovalElicitor.For(context, runs, logger, askUser));

    /// <summary>A plain script checked as a block of a model output is: syntax, size, TypeScript refused.</summary>
    private ParsedTurn ParseScript(string script)
    {
        ScriptValidation validation = ScriptValidator.Validate(script, new ParseOptions { MaxScriptBytes = limits.Value.MaxScriptBytes });
        return validation.IsValid
            ? new ParsedTurn(Format: null, 1) { Scripts = [script] }
            : new ParsedTurn(Format: null, 1) { Error = validation.Error, ErrorBlock = 0 };
    }
}
