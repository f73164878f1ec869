using System.Text.Json;

namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>
/// What the script runtime knows of a tool: its script-facing name, a description for the model,
/// JSON schemas of its arguments and result, who runs it, and what it answers in dry-run mode.
/// The activity layer implements the tool; this record is the contract between the layers.
/// </summary>
/// <param name="Name">Script-facing name, a JavaScript identifier (<c>tools.readFile</c>).</param>
/// <param name="Description">One or two sentences for the model's prompt.</param>
/// <param name="ArgumentsSchema">JSON schema of the single argument object.</param>
public sealed record ToolDescriptor(string Name, string Description, JsonElement ArgumentsSchema)
{
    /// <summary>JSON schema of the result, when declared (used for the TypeScript declaration).</summary>
    public JsonElement? ResultSchema { get; init; }

    /// <summary>Who runs the tool.</summary>
    public ToolKind Kind { get; init; } = ToolKind.Local;

    /// <summary>The result a dry run answers instead of calling the tool; null answers <c>null</c>.</summary>
    public JsonElement? DryRunResult { get; init; }
}
