using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace ScriptHarness.Activities.Mcp;

/// <summary>
/// Maps an MCP tool result to the plain JSON a script gets:
/// <c>{ text, content: [...], structured?, server: {name, version}, tool: {name, schemaSha256}, progress? }</c>.
/// Text blocks keep their text; embedded text resources keep uri, mimeType and text; binary
/// content (images, audio, blobs) is given by reference only (mimeType, byte size and SHA-256),
/// never as base64, so it cannot fill the script's memory or the history; resource links keep
/// their uri. <c>server</c> and <c>tool</c> are the audit: the history records which server
/// version and which input schema the call ran against.
/// </summary>
internal static class McpResultMapper
{
    public static JsonElement Map(CallToolResult result, McpCallAudit audit)
    {
        var content = new JsonArray();
        var text = new StringBuilder();
        foreach (ContentBlock block in result.Content ?? [])
        {
            content.Add(Block(block, text));
        }

        var mapped = new JsonObject
        {
            ["text"] = text.ToString(),
            ["content"] = content,
        };
        if (result.StructuredContent is JsonElement structured)
        {
            mapped["structured"] = JsonNode.Parse(structured.GetRawText());
        }

        mapped["server"] = new JsonObject { ["name"] = audit.Server, ["implementation"] = audit.ServerName, ["version"] = audit.ServerVersion };
        mapped["tool"] = new JsonObject { ["name"] = audit.Tool, ["schemaSha256"] = audit.SchemaSha256 };
        if (audit.ProgressNotifications > 0)
        {
            mapped["progress"] = new JsonObject { ["notifications"] = audit.ProgressNotifications, ["last"] = audit.LastProgress, ["total"] = audit.ProgressTotal };
        }

        return JsonSerializer.SerializeToElement(mapped);
    }

    /// <summary>The text of a result, for an <c>isError</c> message.</summary>
    public static string Text(CallToolResult result) =>
        string.Join("\n", (result.Content ?? []).OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>The SHA-256 of a schema's JSON text, hex.</summary>
    public static string Sha256(JsonElement schema) => Hex(Encoding.UTF8.GetBytes(schema.GetRawText()));

    private static JsonObject Block(ContentBlock block, StringBuilder text)
    {
        switch (block)
        {
            case TextContentBlock t:
                text.Append(text.Length > 0 ? "\n" : string.Empty).Append(t.Text);
                return new JsonObject { ["type"] = "text", ["text"] = t.Text };
            case ImageContentBlock image:
                return Binary("image", image.MimeType, image.DecodedData.Span);
            case AudioContentBlock audio:
                return Binary("audio", audio.MimeType, audio.DecodedData.Span);
            case EmbeddedResourceBlock { Resource: TextResourceContents resource }:
                return new JsonObject { ["type"] = "resource", ["uri"] = resource.Uri, ["mimeType"] = resource.MimeType, ["text"] = resource.Text };
            case EmbeddedResourceBlock { Resource: BlobResourceContents blob }:
                JsonObject reference = Binary("resource", blob.MimeType, blob.DecodedData.Span);
                reference["uri"] = blob.Uri;
                return reference;
            case ResourceLinkBlock link:
                return new JsonObject { ["type"] = "resourceLink", ["uri"] = link.Uri, ["name"] = link.Name, ["mimeType"] = link.MimeType, ["description"] = link.Description };
            default:
                return new JsonObject { ["type"] = block.Type };
        }
    }

    private static JsonObject Binary(string type, string? mimeType, ReadOnlySpan<byte> data) => new()
    {
        ["type"] = type,
        ["mimeType"] = mimeType,
        ["bytes"] = data.Length,
        ["sha256"] = Hex(data),
    };

    private static string Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}

/// <summary>What a call ran against, recorded in its result (and so in the run's history).</summary>
internal sealed record McpCallAudit(string Server, string? ServerName, string? ServerVersion, string Tool, string SchemaSha256)
{
    public int ProgressNotifications { get; set; }

    public double? LastProgress { get; set; }

    public double? ProgressTotal { get; set; }
}
