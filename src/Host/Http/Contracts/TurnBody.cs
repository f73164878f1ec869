using System.Text.Json;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Host.Http.Contracts;

/// <summary>The body of <c>POST /api/turns</c>.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="TurnId">The turn within it; with the conversation it names the runs, so a repeated post starts nothing new.</param>
/// <param name="Output">The model output: a string (plain text, or a provider response as JSON text) or the provider's JSON response object.</param>
/// <param name="Provider"><c>openai-responses</c>, <c>openai-chat</c>, <c>anthropic</c>, <c>gemini</c>, <c>text</c>, or absent to detect it.</param>
/// <param name="Workspace">Absolute path of the workspace (under <c>host:workspaceRoots</c>); default <c>host:defaultWorkspace</c>.</param>
/// <param name="Policy">A policy for this turn's runs; it can only narrow the host's.</param>
/// <param name="Mode"><c>dry-run</c> to run without side effects; default the host's mode.</param>
/// <param name="Model">The model's name, for the audit.</param>
/// <param name="ApprovalExpiry">How long this turn's questions wait (e.g. <c>"00:10:00"</c>); it can only shorten the host's <c>orchestrations:approvals:expiry</c>.</param>
internal sealed record TurnBody(
    string? ConversationId,
    string? TurnId,
    JsonElement? Output,
    string? Provider = null,
    string? Workspace = null,
    ApprovalPolicy? Policy = null,
    FeatureMode? Mode = null,
    string? Model = null,
    TimeSpan? ApprovalExpiry = null);

/// <summary>The answer to a started (or already started) turn.</summary>
/// <param name="TurnId">The turn's instance id.</param>
/// <param name="AlreadyStarted">Whether the same turn had been posted before (nothing new was started).</param>
/// <param name="Runs">One run per block, in order.</param>
/// <param name="Url">Where the turn's status is.</param>
internal sealed record TurnAccepted(string TurnId, bool AlreadyStarted, IReadOnlyList<RunLinks> Runs, string Url);

/// <summary>A run's id and where to act on it.</summary>
/// <param name="Block">The block's index.</param>
/// <param name="InstanceId">The run's instance id.</param>
/// <param name="Url"><c>GET</c>: status, pending approvals, report.</param>
/// <param name="HistoryUrl"><c>GET</c>: the audit trail.</param>
/// <param name="ApprovalsUrl"><c>POST</c> decisions (append <c>/{callId}</c> for one).</param>
/// <param name="TerminateUrl"><c>POST</c>: stop the run.</param>
internal sealed record RunLinks(int Block, string InstanceId, string Url, string HistoryUrl, string ApprovalsUrl, string TerminateUrl)
{
    /// <summary>The links of run <paramref name="instanceId"/>.</summary>
    public static RunLinks For(int block, string instanceId)
    {
        string url = $"/api/runs/{Uri.EscapeDataString(instanceId)}";
        return new RunLinks(block, instanceId, url, url + "/history", url + "/approvals", url + "/terminate");
    }
}

/// <summary>The answer when the output holds no script (or scripts are disabled): the turn is text only.</summary>
/// <param name="Script">Always false.</param>
/// <param name="Reason"><c>no-script</c> or <c>feature-disabled</c>.</param>
internal sealed record NoScript(bool Script, string Reason);
