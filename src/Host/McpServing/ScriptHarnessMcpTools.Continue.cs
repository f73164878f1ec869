using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ScriptHarness.Host.Http;
using ScriptHarness.Host.Reports;
using ScriptHarness.Host.Turns;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.McpServing;

/// <summary>The <c>continue_run</c> tool: a finished run continued with a corrected script.</summary>
internal sealed partial class ScriptHarnessMcpTools
{
    [McpServerTool(Name = "continue_run", Title = "Continue a finished run with a corrected script", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Continues a finished run (completed, failed or terminated) with a corrected script: the new run starts the script from the top, and while its next call names the same tool with equal arguments as the old run's next completed call, it gets the recorded result without running the tool again (the report marks it reused; no new approval). The first difference ends reuse; later calls go through the approval policy and run. Answers like run_script. A run still running or paused is a run-not-finished error.")]
    public async Task<CallToolResult> ContinueRunAsync(
        RequestContext<CallToolRequestParams> context,
        IProgress<ProgressNotificationValue> progress,
        [Description("The finished run's instance id (run_script's runs[].instanceId).")] string instanceId,
        [Description("The corrected JavaScript body, or a model output holding it in <tool-calls> blocks.")] string script,
        [Description("How long to wait for the new run before answering `running`, in seconds (0-600, default 30).")] int waitSeconds = DefaultWaitSeconds,
        [Description("Ask this client's user to approve waiting calls (MCP elicitation) when the client supports it; false answers `paused` at once.")] bool askUser = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (WaitProblem(waitSeconds) is { } badWait)
        {
            return badWait;
        }

        if (InstanceIdRules.Problem(instanceId, "instanceId") is { } badId)
        {
            return McpToolResults.Invalid("instanceId", badId);
        }

        ParsedTurn turn = parser.ParseScriptOrOutput(script ?? string.Empty);
        if (turn.Error is { } error)
        {
            return McpToolResults.From(ReportError.From(error), turn.ErrorBlock);
        }

        if (turn.NoScript)
        {
            return McpToolResults.Error("no-script", "script holds nothing to run.");
        }

        try
        {
            TurnStart started = await runs.ContinueRunAsync(instanceId, new ContinueRequest(turn.Scripts) { Provider = turn.FormatName }, cancellationToken).ConfigureAwait(false);
            FollowOptions follow = this.Follow(context, progress, waitSeconds, askUser);
            IReadOnlyList<McpRunAnswer> answers = await follower.FollowTurnAsync(started.TurnInstanceId, started.RunInstanceIds, follow, cancellationToken).ConfigureAwait(false);
            return McpToolResults.Ok(new McpTurnAnswer(started.TurnInstanceId, McpTurnAnswer.StatusOf(answers), answers) { AlreadyStarted = started.AlreadyStarted });
        }
        catch (ScriptRunClientException ex)
        {
            return McpToolResults.From(ex);
        }
    }
}
