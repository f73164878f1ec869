using ScriptHarness.Orchestrations.Options;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>Who and where a script run belongs to; the script sees it (frozen) as <c>context</c>.</summary>
/// <param name="ConversationId">The agent conversation.</param>
/// <param name="TurnId">The model turn whose output held the script.</param>
/// <param name="BlockIndex">0-based index of the script's block in that output.</param>
/// <param name="Workspace">Absolute path of the workspace the tools are confined to.</param>
public sealed record RunContext(string ConversationId, string TurnId, int BlockIndex, string Workspace)
{
    /// <summary>The feature mode in force for this run.</summary>
    public FeatureMode Mode { get; init; } = FeatureMode.Enabled;

    /// <summary>The model provider (<c>openai</c>, <c>anthropic</c>…), when known.</summary>
    public string? Provider { get; init; }

    /// <summary>The model name, when known.</summary>
    public string? Model { get; init; }

    /// <summary>The workspace as shown to the script (never the host's absolute path): by default its folder name.</summary>
    public string WorkspaceDisplay => Path.GetFileName(this.Workspace.TrimEnd('/')) is { Length: > 0 } name ? name : "/";
}
