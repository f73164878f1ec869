namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>Options of the follow-up conversation serializers.</summary>
public sealed record SerializationOptions
{
    /// <summary>The defaults.</summary>
    public static SerializationOptions Default { get; } = new();

    /// <summary>
    /// Prefix of the call ids given to scripts; block N (1-based) gets <c>{prefix}{N}</c>. Make it
    /// unique per turn (e.g. <c>call_t7_script_</c>) when several turns share a conversation.
    /// Letters, digits, <c>_</c> and <c>-</c> only (Anthropic's rule for tool-use ids).
    /// </summary>
    public string CallIdPrefix { get; init; } = "call_script_";

    /// <summary>
    /// For Chat Completions, the assistant-message field that carries provider thinking back
    /// (e.g. <c>reasoning_content</c> for servers that accept it). Null (the default) keeps thinking
    /// in the message text as a <c>&lt;thinking&gt;</c> span, since OpenAI's API has no such field.
    /// </summary>
    public string? ChatReasoningField { get; init; }
}
