using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// Reads a model output given as plain text or as the JSON response of OpenAI Responses, OpenAI
/// Chat Completions or Anthropic Messages (detected from its shape) into text and thinking parts.
/// </summary>
/// <remarks>
/// Native tool calls of the provider (Responses <c>function_call</c> items, Chat
/// <c>tool_calls</c>, Anthropic <c>tool_use</c>) are not part of the output read here: this layer
/// handles scripts written in text. Of a Chat Completions response only the first choice is read.
/// Text the provider split into consecutive pieces (several Anthropic text blocks, several
/// Responses message items or content parts) is one text part, so a tag split across pieces is
/// still found.
/// </remarks>
public static class ModelOutputReader
{
    /// <summary>Reads <paramref name="input"/>; text that does not start with <c>{</c> or <c>[</c> (after whitespace) is plain text.</summary>
    /// <exception cref="ScriptException">Input that starts like JSON but does not parse, or JSON that is none of the three provider responses (code <c>parse</c>).</exception>
    public static ModelOutput Read(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        JsonObject? json = TryParseObject(input);
        if (json is null)
        {
            return ModelOutput.FromText(input);
        }

        return Read(json);
    }

    /// <summary>Reads a provider response already parsed as JSON, detecting its format.</summary>
    /// <exception cref="ScriptException">None of the three provider responses (code <c>parse</c>).</exception>
    public static ModelOutput Read(JsonObject response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Read(response, DetectFormat(response) ?? throw new ScriptException(UnknownShape()));
    }

    /// <summary>Reads a provider response already parsed as JSON, in the given format.</summary>
    public static ModelOutput Read(JsonObject response, ProviderFormat format)
    {
        ArgumentNullException.ThrowIfNull(response);
        List<ModelOutputPart> parts = format switch
        {
            ProviderFormat.OpenAIResponses => ReadResponses(response),
            ProviderFormat.OpenAIChatCompletions => ReadChatCompletion(response),
            ProviderFormat.AnthropicMessages => ReadAnthropic(response),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "A JSON response needs a provider format."),
        };
        return new ModelOutput(format, parts);
    }

    /// <summary>The provider whose response shape <paramref name="json"/> has, or null.</summary>
    public static ProviderFormat? DetectFormat(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string? kind = (json["object"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? json["object"]!.GetValue<string>() : null;
        string? type = (json["type"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? json["type"]!.GetValue<string>() : null;
        return (kind, type) switch
        {
            ("response", _) => ProviderFormat.OpenAIResponses,
            ("chat.completion", _) => ProviderFormat.OpenAIChatCompletions,
            (_, "message") when json["content"] is JsonArray => ProviderFormat.AnthropicMessages,
            _ when json["output"] is JsonArray => ProviderFormat.OpenAIResponses,
            _ when json["choices"] is JsonArray => ProviderFormat.OpenAIChatCompletions,
            _ => null,
        };
    }

    private static ScriptError UnknownShape() => new(
        ScriptErrorCode.Parse,
        "The input is JSON but not a model response this harness reads: expected an OpenAI Responses response " +
        "(\"output\" items), an OpenAI Chat Completions response (\"choices\") or an Anthropic Messages response " +
        "(\"type\": \"message\" with \"content\" blocks).",
        Retryable: false);

    // Consecutive text is one part.
    private static void AddText(List<ModelOutputPart> parts, string text)
    {
        if (parts.Count > 0 && parts[^1] is TextPart previous)
        {
            parts[^1] = new TextPart(previous.Text + text);
        }
        else
        {
            parts.Add(new TextPart(text));
        }
    }

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

    private static List<ModelOutputPart> ReadResponses(JsonObject response)
    {
        var parts = new List<ModelOutputPart>();
        foreach (JsonObject item in Objects(response["output"]))
        {
            switch (StringOf(item, "type"))
            {
                case "reasoning":
                    string reasoning = Join(Objects(item["summary"]).Concat(Objects(item["content"])).Select(p => StringOf(p, "text")));
                    parts.Add(new ThinkingPart(reasoning) { Source = ProviderFormat.OpenAIResponses, Original = (JsonObject)item.DeepClone() });
                    break;
                case "message":
                    var text = new StringBuilder();
                    foreach (JsonObject content in Objects(item["content"]))
                    {
                        text.Append(StringOf(content, "text") ?? StringOf(content, "refusal"));
                    }

                    AddText(parts, text.ToString());
                    break;
            }
        }

        return parts;
    }

    private static List<ModelOutputPart> ReadChatCompletion(JsonObject response)
    {
        var parts = new List<ModelOutputPart>();
        if (Objects(response["choices"]).FirstOrDefault()?["message"] is not JsonObject message)
        {
            return parts;
        }

        string? reasoning = StringOf(message, "reasoning_content") ?? StringOf(message, "reasoning");
        if (!string.IsNullOrEmpty(reasoning))
        {
            parts.Add(new ThinkingPart(reasoning) { Source = ProviderFormat.OpenAIChatCompletions });
        }

        string? content = message["content"] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonArray array => string.Concat(Objects(array).Select(p => StringOf(p, "text"))),
            _ => StringOf(message, "refusal"),
        };
        if (content is not null)
        {
            AddText(parts, content);
        }

        return parts;
    }

    private static List<ModelOutputPart> ReadAnthropic(JsonObject response)
    {
        var parts = new List<ModelOutputPart>();
        foreach (JsonObject block in Objects(response["content"]))
        {
            switch (StringOf(block, "type"))
            {
                case "text":
                    AddText(parts, StringOf(block, "text") ?? string.Empty);
                    break;
                case "thinking":
                case "redacted_thinking":
                    parts.Add(new ThinkingPart(StringOf(block, "thinking") ?? string.Empty)
                    {
                        Source = ProviderFormat.AnthropicMessages,
                        Signature = StringOf(block, "signature"),
                        Original = (JsonObject)block.DeepClone(),
                    });
                    break;
            }
        }

        return parts;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>() : [];

    private static string? StringOf(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Join(IEnumerable<string?> texts) =>
        string.Join("\n\n", texts.Where(t => !string.IsNullOrEmpty(t)));
}
