using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// Tool results in the two forms MCP clients read: the JSON as text content (every client shows
/// it) and as structured content (clients that read objects). Failures are tool errors
/// (<c>isError: true</c>, so the model sees them and can correct itself) carrying our stable
/// <c>code</c>, never a protocol error.
/// </summary>
internal static class McpToolResults
{
    /// <summary>A successful answer.</summary>
    public static CallToolResult Ok<T>(T answer) => Create(JsonSerializer.SerializeToNode(answer, ReportJson.Options)!.AsObject(), isError: false);

    /// <summary>A tool error with a stable <paramref name="code"/>, a message, and optional fields (<c>field</c>, <c>line</c>, …).</summary>
    public static CallToolResult Error(string code, string message, IReadOnlyDictionary<string, object?>? extra = null)
    {
        JsonObject error = new() { ["code"] = code, ["message"] = message };
        foreach ((string key, object? value) in extra ?? new Dictionary<string, object?>())
        {
            if (value is not null)
            {
                error[key] = JsonSerializer.SerializeToNode(value, ReportJson.Options);
            }
        }

        return Create(new JsonObject { ["error"] = error }, isError: true);
    }

    /// <summary>An argument the caller got wrong: <c>invalid-request</c> naming the field.</summary>
    public static CallToolResult Invalid(string field, string message) =>
        Error("invalid-request", message, new Dictionary<string, object?> { ["field"] = field });

    /// <summary>A refusal of the run client, with its stable code.</summary>
    public static CallToolResult From(ScriptRunClientException ex) =>
        Error(ex.StableCode, ex.Message, new Dictionary<string, object?> { ["limit"] = ex.Limit });

    /// <summary>A typed script or report error (parse, syntax, typescript-syntax, no-script, …).</summary>
    public static CallToolResult From(ReportError error, int? block = null) =>
        Error(error.Code, error.Message, new Dictionary<string, object?>
        {
            ["block"] = block,
            ["line"] = error.Line,
            ["column"] = error.Column,
            ["detail"] = error.Detail,
            ["retryable"] = error.Retryable ? true : null,
        });

    private static CallToolResult Create(JsonObject body, bool isError) => new()
    {
        Content = [new TextContentBlock { Text = body.ToJsonString(ReportJson.Options) }],
        StructuredContent = JsonSerializer.SerializeToElement(body, ReportJson.Options),
        IsError = isError,
    };
}
