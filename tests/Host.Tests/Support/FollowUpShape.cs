using System.Text.Json.Nodes;

namespace ScriptHarness.Tests.Host.Support;

/// <summary>Reads a follow-up back in each provider's shape: the model's text, the script call and its output, the call names in order.</summary>
public static class FollowUpShape
{
    /// <summary>The model's text, the first script's source, and its output.</summary>
    public static (string? Text, string? Script, string? Output) Read(string provider, JsonArray items)
    {
        switch (provider)
        {
            case "openai-responses":
                JsonObject call = items.OfType<JsonObject>().First(i => (string?)i["type"] == "function_call" && (string?)i["name"] == "script");
                return (
                    (string?)items.OfType<JsonObject>().First(i => (string?)i["type"] == "message")["content"]![0]!["text"],
                    (string?)JsonNode.Parse((string)call["arguments"]!)!["script"],
                    (string?)items.OfType<JsonObject>().First(i => (string?)i["type"] == "function_call_output" && (string?)i["call_id"] == (string?)call["call_id"])["output"]);
            case "openai-chat":
                JsonObject assistant = items[0]!.AsObject();
                JsonNode chatCall = assistant["tool_calls"]!.AsArray().First(c => (string?)c!["function"]!["name"] == "script")!;
                return (
                    (string?)assistant["content"],
                    (string?)JsonNode.Parse((string)chatCall["function"]!["arguments"]!)!["script"],
                    (string?)items.First(m => (string?)m!["tool_call_id"] == (string?)chatCall["id"])!["content"]);
            case "anthropic":
                JsonArray content = items[0]!["content"]!.AsArray();
                JsonNode use = content.First(b => (string?)b!["type"] == "tool_use" && (string?)b["name"] == "script")!;
                return (
                    (string?)content.First(b => (string?)b!["type"] == "text")!["text"],
                    (string?)use["input"]!["script"],
                    (string?)items[1]!["content"]!.AsArray().First(b => (string?)b!["tool_use_id"] == (string?)use["id"])!["content"]);
            default:
                JsonArray parts = items[0]!["parts"]!.AsArray();
                JsonNode function = parts.First(p => (string?)p!["functionCall"]?["name"] == "script")!["functionCall"]!;
                JsonNode response = items[1]!["parts"]!.AsArray().First(p => (string?)p!["functionResponse"]!["id"] == (string?)function["id"])!["functionResponse"]!;
                return (
                    (string?)parts.First(p => p!["text"] is not null && p["thought"] is null)!["text"],
                    (string?)function["args"]!["script"],
                    (string?)(response["response"]!["output"] ?? response["response"]!["error"]));
        }
    }

    /// <summary>The names of the calls the model made (script included), in the order written.</summary>
    public static string[] CallNames(string provider, JsonArray items) => provider switch
    {
        "openai-responses" => [.. items.OfType<JsonObject>().Where(i => (string?)i["type"] == "function_call").Select(i => (string?)i["name"] ?? string.Empty)],
        "openai-chat" => [.. items[0]!["tool_calls"]!.AsArray().Select(c => (string?)c!["function"]!["name"] ?? string.Empty)],
        "anthropic" => [.. items[0]!["content"]!.AsArray().Where(b => (string?)b!["type"] == "tool_use").Select(b => (string?)b!["name"] ?? string.Empty)],
        _ => [.. items[0]!["parts"]!.AsArray().Where(p => p!["functionCall"] is not null).Select(p => (string?)p!["functionCall"]!["name"] ?? string.Empty)],
    };

    /// <summary>How many tool outputs the follow-up holds.</summary>
    public static int OutputCount(string provider, JsonArray items) => provider switch
    {
        "openai-responses" => items.Count(i => (string?)i!["type"] == "function_call_output"),
        "openai-chat" => items.Count(m => (string?)m!["role"] == "tool"),
        "anthropic" => items.Skip(1).Sum(m => m!["content"]!.AsArray().Count(b => (string?)b!["type"] == "tool_result")),
        _ => items.Skip(1).Sum(c => c!["parts"]!.AsArray().Count(p => p!["functionResponse"] is not null)),
    };
}
