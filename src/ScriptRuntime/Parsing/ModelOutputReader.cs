using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// Reads a model output given as plain text or as the JSON response of one of the
/// <see cref="ProviderFormats"/> (detected from its shape, or named) into text, thinking and
/// structured tool-call parts. The formats themselves read their JSON (<see cref="IProviderFormat.Read"/>).
/// </summary>
public static class ModelOutputReader
{
    /// <summary>Reads <paramref name="input"/>; text that does not start with <c>{</c> or <c>[</c> (after whitespace) is plain text.</summary>
    /// <exception cref="ScriptException">Input that starts like JSON but does not parse, or JSON that is no provider response (code <c>parse</c>).</exception>
    public static ModelOutput Read(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        JsonObject? json = TryParseObject(input);
        return json is null ? ModelOutput.FromText(input) : Read(json);
    }

    /// <summary>Reads a provider response already parsed as JSON, detecting its format.</summary>
    /// <exception cref="ScriptException">No provider response (code <c>parse</c>).</exception>
    public static ModelOutput Read(JsonObject response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Read(response, ProviderFormats.Detect(response) ?? throw new ScriptException(UnknownShape()));
    }

    /// <summary>Reads a provider response already parsed as JSON, in the given format.</summary>
    public static ModelOutput Read(JsonObject response, IProviderFormat format)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(format);
        return format.Read(response);
    }

    /// <summary>The provider whose response shape <paramref name="json"/> has, or null.</summary>
    public static IProviderFormat? DetectFormat(JsonObject json) => ProviderFormats.Detect(json);

    private static ScriptError UnknownShape() => new(
        ScriptErrorCode.Parse,
        "The input is JSON but not a model response this harness reads: expected an OpenAI Responses response " +
        "(\"output\" items), an OpenAI Chat Completions response (\"choices\"), an Anthropic Messages response " +
        "(\"type\": \"message\" with \"content\" blocks) or a Gemini generateContent response (\"candidates\").",
        Retryable: false);

    private static JsonObject? TryParseObject(string input)
    {
        ReadOnlySpan<char> trimmed = input.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '['))
        {
            return null;
        }

        // Input that starts like JSON is provider JSON: a truncated or broken response must not
        // be read as text, or a <tool-calls> tag inside its strings would run.
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(input, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            // ArgumentException: the text holds a lone surrogate, which cannot become UTF-8 JSON.
            throw new ScriptException(new ScriptError(
                ScriptErrorCode.Parse,
                $"The input starts like a JSON model response but is not valid JSON ({exception.Message}); a truncated or broken response is not read as text.",
                Retryable: false));
        }

        return node as JsonObject ?? throw new ScriptException(UnknownShape());
    }
}
