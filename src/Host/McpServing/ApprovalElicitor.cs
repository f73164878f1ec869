using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ScriptHarness.Host.Cli;
using ScriptHarness.Host.Http;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// Asks the MCP client's user to approve or deny a waiting call (MCP elicitation, form mode) and
/// delivers the answer as a decision through the run client, like the webhook does. Used only
/// when the client declared the elicitation capability; a user who declines or dismisses the
/// form leaves the call waiting, and the tool answers <c>paused</c>.
/// </summary>
internal sealed class ApprovalElicitor(McpServer server, ScriptRunClient runs, ClaimsPrincipal? user, ILogger logger)
{
    private const string DecisionField = "decision";
    private const string ScopeField = "scope";
    private const string ReasonField = "reason";

    private string decider = "mcp:client";

    /// <summary>An elicitor for this request's client, or null when it cannot be asked.</summary>
    public static ApprovalElicitor? For(RequestContext<CallToolRequestParams> context, ScriptRunClient runs, ILogger logger, bool wanted)
    {
        // Per-request capabilities on protocol revisions without a handshake; the session's otherwise.
        ClientCapabilities? capabilities = context.JsonRpcRequest.Context?.ClientCapabilities ?? context.Server.ClientCapabilities;
        return wanted && capabilities?.Elicitation is { } elicitation && (elicitation.Form is not null || elicitation.Url is null)
            ? new ApprovalElicitor(context.Server, runs, context.JsonRpcRequest.Context?.User, logger) { decider = Decider(context) }
            : null;
    }

    /// <summary>The decider recorded for a decision made through this client: <c>mcp:</c> and the client's name.</summary>
    public static string Decider(RequestContext<CallToolRequestParams> context) =>
        "mcp:" + ((context.JsonRpcRequest.Context?.ClientInfo ?? context.Server.ClientInfo)?.Name is { Length: > 0 and <= 200 } name && !name.Any(char.IsControl) ? name : "client");

    /// <summary>Asks about <paramref name="call"/>; true when a decision was delivered (or the call was decided meanwhile).</summary>
    public async Task<bool> AskAsync(string runId, PendingCall call, CancellationToken cancellationToken)
    {
        ElicitResult result;
        try
        {
            result = await server.ElicitAsync(Request(runId, call), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is McpException or InvalidOperationException or JsonException)
        {
            // A client that cannot be asked after all (a stateless HTTP request, on the 2026-07-28
            // revision, carries no request back to the client): the run keeps waiting, decide_call and the webhook still work.
            McpServerLogs.ElicitationFailed(logger, call.CallId, ex.Message);
            return false;
        }

        if (!result.IsAccepted || result.Content is not { } content || !TryRead(content, out ApprovalDecision? decision))
        {
            return false;
        }

        try
        {
            await runs.DecideAsync(runId, call.CallId, decision with { DecidedBy = this.decider, KeyId = ApiKeyAuthenticationHandler.KeyIdOf(user!) }, cancellationToken).ConfigureAwait(false);
        }
        catch (ScriptRunClientException)
        {
            // Decided elsewhere (another client, the webhook) or expired meanwhile: the run is authoritative.
        }

        return true;
    }

    // The script chose the arguments: controls and bidirectional overrides are shown escaped, so
    // they cannot make the question the user answers read differently from the call that runs.
    private static ElicitRequestParams Request(string runId, PendingCall call) => new()
    {
        Message = string.Create(
            CultureInfo.InvariantCulture,
            $"Run {TerminalText.Line(runId)} asks to call {TerminalText.Line(call.Tool)} (call #{call.CallId}{(call.Line is { } line ? $", line {line}" : string.Empty)}) with {TerminalText.Line(call.Args)}{(call.ArgsTruncated ? "…" : string.Empty)}. Why it asks: {TerminalText.Line(call.Reason)}"),
        RequestedSchema = new ElicitRequestParams.RequestSchema
        {
            Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
            {
                [DecisionField] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                {
                    Title = "Decision",
                    Description = "approve lets the call run; deny rejects it with approval-denied, which the script may catch.",
                    Enum = ["approve", "deny"],
                },
                [ScopeField] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                {
                    Title = "Scope",
                    Description = "call: this call only; run: every call of this run that asks for the same reason.",
                    Enum = ["call", "run"],
                    Default = "call",
                },
                [ReasonField] = new ElicitRequestParams.StringSchema
                {
                    Title = "Reason",
                    Description = "Why (recorded in the run's history; on denial the script's error carries it).",
                    MaxLength = 4096,
                },
            },
            Required = [DecisionField],
        },
    };

    private static bool TryRead(IDictionary<string, JsonElement> content, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApprovalDecision? decision)
    {
        decision = null;
        DecisionVerdict? verdict = content.TryGetValue(DecisionField, out JsonElement d) && d.ValueKind == JsonValueKind.String
            ? d.GetString() switch { "approve" => DecisionVerdict.Approve, "deny" => DecisionVerdict.Deny, _ => null }
            : null;
        if (verdict is null)
        {
            return false;
        }

        DecisionScope scope = content.TryGetValue(ScopeField, out JsonElement s) && s.ValueKind == JsonValueKind.String && s.GetString() == "run" ? DecisionScope.Run : DecisionScope.Call;
        string? reason = content.TryGetValue(ReasonField, out JsonElement r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 and <= 4096 } text && !text.Contains('\0', StringComparison.Ordinal) ? text : null;
        decision = new ApprovalDecision(verdict.Value, scope, reason);
        return true;
    }
}
