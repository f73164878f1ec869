using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>One element of what the model wrote, as every provider's writer sees it, in the order written.</summary>
public abstract record FollowUpElement;

/// <summary>A run of text (inline thinking the target cannot take back included), trimmed, never empty.</summary>
/// <param name="Text">The text.</param>
public sealed record FollowUpText(string Text) : FollowUpElement;

/// <summary>Thinking the target provider takes back as its own item, block or field.</summary>
/// <param name="Thinking">The thinking part, with the provider's original when it had one.</param>
public sealed record FollowUpThinking(ThinkingPart Thinking) : FollowUpElement;

/// <summary>A script, recorded as a call of the <c>script</c> tool whose output is the script's report.</summary>
/// <param name="Block">The script block.</param>
/// <param name="CallId">The call id given to it.</param>
/// <param name="Output">The report as the model reads it (<see cref="ModelReportFormatter"/>).</param>
/// <param name="IsError">Whether the script did not complete.</param>
public sealed record FollowUpScript(ScriptBlock Block, string CallId, string Output, bool IsError) : FollowUpElement
{
    /// <summary>The JSON arguments of the call: <c>{"script": source}</c>.</summary>
    public JsonObject Arguments() => new() { [ScriptToolName.Argument] = this.Block.Source };
}

/// <summary>
/// A structured tool call of the model, handed back as written: the caller executes it and
/// appends its output (the harness runs only scripts).
/// </summary>
/// <param name="Call">The call.</param>
public sealed record FollowUpToolCall(ToolCallPart Call) : FollowUpElement;
