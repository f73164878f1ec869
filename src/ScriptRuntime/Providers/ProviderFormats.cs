using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Providers.Anthropic;
using ScriptHarness.ScriptRuntime.Providers.Gemini;
using ScriptHarness.ScriptRuntime.Providers.OpenAIChat;
using ScriptHarness.ScriptRuntime.Providers.OpenAIResponses;

namespace ScriptHarness.ScriptRuntime.Providers;

/// <summary>
/// The provider formats this runtime reads and writes. Adding one is a folder under
/// <c>Providers/</c> with its <see cref="IProviderFormat"/>, and its line in <see cref="All"/>.
/// </summary>
public static class ProviderFormats
{
    /// <summary>The wire name of plain text: no provider shape (a model output saved to a file).</summary>
    public const string PlainTextName = "text";

    /// <summary>The OpenAI Responses API (<c>output</c> items; <c>function_call</c> / <c>function_call_output</c>).</summary>
    public static IProviderFormat OpenAIResponses { get; } = new OpenAIResponsesFormat();

    /// <summary>The OpenAI Chat Completions API (<c>choices[].message</c>; <c>tool_calls</c> / <c>tool</c> messages).</summary>
    public static IProviderFormat OpenAIChatCompletions { get; } = new OpenAIChatFormat();

    /// <summary>The Anthropic Messages API (<c>content</c> blocks; <c>tool_use</c> / <c>tool_result</c>).</summary>
    public static IProviderFormat AnthropicMessages { get; } = new AnthropicFormat();

    /// <summary>The Gemini API's <c>generateContent</c> (<c>candidates[].content.parts</c>; <c>functionCall</c> / <c>functionResponse</c>).</summary>
    public static IProviderFormat Gemini { get; } = new GeminiFormat();

    /// <summary>Every format, in the order shapes are tried when detecting one.</summary>
    public static IReadOnlyList<IProviderFormat> All { get; } = [OpenAIResponses, OpenAIChatCompletions, AnthropicMessages, Gemini];

    /// <summary>The wire names a client may send, plain text included.</summary>
    public static IReadOnlyList<string> WireNames { get; } = [.. All.Select(f => f.Name), PlainTextName];

    /// <summary>
    /// Finds a format by wire name or alias (case-insensitive). True with a null format for
    /// <c>text</c> (plain text, no provider shape); false for an unknown name.
    /// </summary>
    public static bool TryFind(string name, out IProviderFormat? format)
    {
        ArgumentNullException.ThrowIfNull(name);
        format = null;
        if (string.Equals(name, PlainTextName, StringComparison.OrdinalIgnoreCase) || string.Equals(name, "plaintext", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        format = All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)
            || f.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase)));
        return format is not null;
    }

    /// <summary>The format named <paramref name="name"/>, or null for plain text or an unknown name.</summary>
    public static IProviderFormat? Find(string? name) => name is not null && TryFind(name, out IProviderFormat? format) ? format : null;

    /// <summary>The format whose response shape <paramref name="response"/> has, or null.</summary>
    public static IProviderFormat? Detect(JsonObject response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return All.FirstOrDefault(f => f.Recognizes(response));
    }

    /// <summary>The format of <paramref name="response"/>, or false when none recognizes it.</summary>
    public static bool TryDetect(JsonObject response, [NotNullWhen(true)] out IProviderFormat? format)
    {
        format = Detect(response);
        return format is not null;
    }
}
