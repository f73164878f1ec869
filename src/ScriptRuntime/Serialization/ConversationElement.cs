using ScriptHarness.ScriptRuntime.Parsing;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>One element of what the model wrote, as every provider writer sees it.</summary>
internal abstract record ConversationElement;

/// <summary>A run of text (inline thinking included), trimmed, never empty.</summary>
internal sealed record TextElement(string Text) : ConversationElement;

/// <summary>Thinking the target provider takes back as its own item or field.</summary>
internal sealed record ThinkingElement(ThinkingPart Thinking) : ConversationElement;

/// <summary>A script, recorded as a call of the <c>script</c> tool, with its output.</summary>
internal sealed record CallElement(ScriptBlock Block, string CallId, string Output, bool IsError) : ConversationElement;
