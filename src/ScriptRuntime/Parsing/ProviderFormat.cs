namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>The shape of a model output, and of the follow-up conversation items written for it.</summary>
public enum ProviderFormat
{
    /// <summary>Plain text (e.g. a model output saved to a file).</summary>
    PlainText,

    /// <summary>The OpenAI Responses API (<c>output</c> items; <c>function_call</c> / <c>function_call_output</c>).</summary>
    OpenAIResponses,

    /// <summary>The OpenAI Chat Completions API (<c>choices[].message</c>; <c>tool_calls</c> / <c>tool</c> messages).</summary>
    OpenAIChatCompletions,

    /// <summary>The Anthropic Messages API (<c>content</c> blocks; <c>tool_use</c> / <c>tool_result</c>).</summary>
    AnthropicMessages,
}
