namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>One piece of a model message, in the order the model wrote it.</summary>
/// <param name="PartIndex">Index of the provider output part the segment came from (0 for plain text).</param>
public abstract record MessageSegment(int PartIndex);

/// <summary>Text the model wrote outside any script, exactly as written.</summary>
/// <param name="PartIndex">Index of the output part.</param>
/// <param name="Text">The text.</param>
public sealed record TextSegment(int PartIndex, string Text) : MessageSegment(PartIndex);

/// <summary>
/// The model's thinking: a provider reasoning part (kept verbatim, signature included) or a
/// <c>&lt;thinking&gt;</c> span inside text (kept as text when serialized, since providers only
/// accept their own signed reasoning back).
/// </summary>
/// <param name="PartIndex">Index of the output part.</param>
/// <param name="Thinking">The thinking part.</param>
public sealed record ThinkingSegment(int PartIndex, ThinkingPart Thinking) : MessageSegment(PartIndex);

/// <summary>A structured tool call of the provider, kept in place: the caller executes it.</summary>
/// <param name="PartIndex">Index of the output part.</param>
/// <param name="Call">The call.</param>
public sealed record ToolCallSegment(int PartIndex, ToolCallPart Call) : MessageSegment(PartIndex);
