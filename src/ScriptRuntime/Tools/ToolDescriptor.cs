using System.Text.Json;

namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>
/// What the script runtime knows of a tool: its script-facing name, a description for the model,
/// JSON schemas of its arguments and result, who runs it, what it answers in dry-run mode, and
/// the policy facts: its effect and what each call touches.
/// The activity layer implements the tool; this record is the contract between the layers.
/// </summary>
/// <param name="Name">Script-facing name, a JavaScript identifier (<c>tools.readFile</c>).</param>
/// <param name="Description">One or two sentences for the model's prompt.</param>
/// <param name="ArgumentsSchema">JSON schema of the single argument object.</param>
public sealed record ToolDescriptor(string Name, string Description, JsonElement ArgumentsSchema)
{
    /// <summary>
    /// Where the tool sits in the script's <c>tools</c> object, when not directly under its
    /// <see cref="Name"/>: namespace segments (JavaScript identifiers) then the member name, which
    /// may be any text (an MCP tool's own name, e.g. <c>["mcp", "everything", "get-sum"]</c> for
    /// <c>tools.mcp.everything["get-sum"]</c>). The member is also reachable by its
    /// <see cref="ToolNames.Alias"/> when that is a different identifier no other tool of the
    /// namespace uses. <see cref="Name"/> stays the tool's one id (activity, policy rules, history).
    /// Null means <c>[Name]</c>.
    /// </summary>
    public IReadOnlyList<string>? ScriptPath { get; init; }

    /// <summary>JSON schema of the result, when declared (used for the TypeScript declaration).</summary>
    public JsonElement? ResultSchema { get; init; }

    /// <summary>Who runs the tool.</summary>
    public ToolKind Kind { get; init; } = ToolKind.Local;

    /// <summary>The result a dry run answers instead of calling the tool; null answers <c>null</c>.</summary>
    public JsonElement? DryRunResult { get; init; }

    /// <summary>
    /// What the tool can do, for the approval policy. <see cref="ToolEffect.Unknown"/> (the
    /// default) makes the default policy ask before every call.
    /// </summary>
    public ToolEffect Effect { get; init; }

    /// <summary>
    /// The facts of one call from its JSON arguments: the paths it touches and, for a tool that
    /// runs a program, the command. It must be pure and deterministic (no I/O, clock, random or
    /// environment): the orchestrator calls it on its own thread, again on every replay. It should
    /// use the same parser the tool runs, so the policy judges what the tool will really do. Null
    /// means the call touches no path the tool can name (fine for a read-only host tool; a tool
    /// that writes or executes without facts is asked about).
    /// </summary>
    public Func<JsonElement, ToolCallFacts>? Facts { get; init; }

    /// <summary>
    /// How a call that fails with a transient error is tried again; null (the default) tries each
    /// call once. host.json can set or override it per tool; a run pins the policy in force when it starts.
    /// </summary>
    public ToolRetryPolicy? Retry { get; init; }
}
