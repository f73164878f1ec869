using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Facade;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Mcp;

/// <summary>
/// One tool of an MCP server as a ScriptHarness tool: named <c>mcp.&lt;server&gt;.&lt;tool&gt;</c>
/// (its activity name, and the name approval rules use), reached in scripts as
/// <c>tools.mcp.&lt;server&gt;.&lt;alias&gt;</c> or <c>tools.mcp.&lt;server&gt;["tool"]</c>. A call
/// validates its arguments against the schema the server lists now, calls the server with the
/// worker's live connection (started on first use), and maps the result.
/// </summary>
internal sealed class McpTool : ITool
{
    /// <summary>The namespace of every MCP tool in <c>tools</c>.</summary>
    public const string Namespace = "mcp";

    private const int DescriptionLength = 240;

    private readonly McpServerConnection server;
    private readonly string tool;

    public McpTool(McpServerConnection server, Tool listed)
    {
        this.server = server;
        this.tool = listed.Name;
        this.Descriptor = new ToolDescriptor(NameOf(server.Name, listed.Name), Describe(listed), listed.InputSchema)
        {
            ScriptPath = [Namespace, server.Name, listed.Name],
            ResultSchema = ResultSchema(listed.OutputSchema),
            Effect = McpToolEffects.Of(listed.Annotations, server.Options.Trust),
            Facts = _ => ToolCallFacts.None,
        };
    }

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; }

    /// <summary>The tool's one name: <c>mcp.&lt;server&gt;.&lt;tool&gt;</c>.</summary>
    public static string NameOf(string server, string tool) => $"{Namespace}.{server}.{tool}";

    /// <inheritdoc />
    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        using CancellationTokenSource call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(this.server.Options.TimeoutMs);
        McpClient client;
        IReadOnlyDictionary<string, Tool> listed;
        try
        {
            client = await this.server.ClientAsync(call.Token).ConfigureAwait(false);
            listed = await this.server.ToolsAsync(call.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not ToolException)
        {
            throw new ToolException(
                new ScriptError(ScriptErrorCode.ToolFailed, $"The MCP server '{this.server.Name}' could not be started or did not answer: {e.Message}", Retryable: true) { Detail = McpErrorDetails.ServerUnavailable },
                e);
        }

        if (!listed.TryGetValue(this.tool, out Tool? current))
        {
            throw ToolException.Refused(McpErrorDetails.ToolGone, $"The MCP server '{this.server.Name}' no longer lists the tool '{this.tool}'.");
        }

        // The server's schema may have changed since the script was checked against the declared one.
        IReadOnlyList<string> problems = ArgumentValidator.Validate(current.InputSchema, invocation.Args);
        if (problems.Count > 0)
        {
            throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"Invalid arguments for tools.{this.Descriptor.Name}: {string.Join(" ", problems)}");
        }

        var audit = new McpCallAudit(this.server.Name, client.ServerInfo?.Name, client.ServerInfo?.Version, this.tool, McpResultMapper.Sha256(current.InputSchema));
        var progress = new SynchronousProgress(value =>
        {
            audit.ProgressNotifications++;
            audit.LastProgress = value.Progress;
            audit.ProgressTotal = value.Total;
        });
        CallToolResult result;
        try
        {
            // Cancelling the token makes the SDK send notifications/cancelled for this request.
            result = await client.CallToolAsync(this.tool, Arguments(invocation.Args), progress, cancellationToken: call.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e) when (call.IsCancellationRequested)
        {
            throw new ToolException(
                new ScriptError(ScriptErrorCode.ToolFailed, $"tools.{this.Descriptor.Name} took longer than {this.server.Options.TimeoutMs} ms; the server was asked to cancel it.", Retryable: true) { Detail = McpErrorDetails.Timeout },
                e);
        }
        catch (McpProtocolException e)
        {
            throw new ToolException(
                new ScriptError(ScriptErrorCode.ToolFailed, $"The MCP server '{this.server.Name}' refused the call: {e.Message}", Retryable: false) { Detail = McpErrorDetails.ProtocolError },
                e);
        }
        catch (Exception e) when (e is not ToolException)
        {
            // The session ends when the process dies; wait briefly for the SDK to notice, so the error says so.
            await Task.WhenAny(client.Completion, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            string why = McpServerConnection.HasEnded(client) ? "the server stopped while the call was running; it is started again on the next call" : e.Message;
            throw new ToolException(
                new ScriptError(ScriptErrorCode.ToolFailed, $"tools.{this.Descriptor.Name} failed: {why}.", Retryable: true) { Detail = McpErrorDetails.ServerExited },
                e);
        }

        if (result.IsError == true)
        {
            string text = McpResultMapper.Text(result);
            throw ToolException.Refused(McpErrorDetails.ToolError, text.Length > 0 ? text : $"tools.{this.Descriptor.Name} reported an error.");
        }

        return McpResultMapper.Map(result, audit);
    }

    private static Dictionary<string, object?> Arguments(JsonElement args)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (args.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in args.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }
        }

        return arguments;
    }

    // Short descriptions keep the declaration small: the first paragraph, cut at a sentence near the limit.
    private static string Describe(Tool listed)
    {
        string text = (listed.Description ?? listed.Title ?? listed.Name).Trim();
        int paragraph = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (paragraph > 0)
        {
            text = text[..paragraph];
        }

        if (text.Length > DescriptionLength)
        {
            int sentence = text.LastIndexOf(". ", DescriptionLength, StringComparison.Ordinal);
            text = sentence > 40 ? text[..(sentence + 1)] : text[..DescriptionLength].TrimEnd() + "…";
        }

        return text;
    }

    // What a call resolves to: the mapped result, whose `structured` is the tool's output schema.
    private static JsonElement ResultSchema(JsonElement? output)
    {
        string structured = output is JsonElement schema ? schema.GetRawText() : """{"type":"object"}""";
        const string Shape = """
            {"type":"object","required":["text","content","server","tool"],"properties":{
              "text":{"type":"string","description":"The text blocks of the result, joined by new lines."},
              "content":{"type":"array","items":{"type":"object","required":["type"],"properties":{"type":{"enum":["text","image","audio","resource","resourceLink"]},"text":{"type":"string"},"uri":{"type":"string"},"mimeType":{"type":"string"},"bytes":{"type":"integer"},"sha256":{"type":"string"}}}},
              "structured":STRUCTURED,
              "server":{"type":"object","properties":{"name":{"type":"string"},"version":{"type":"string"}}},
              "tool":{"type":"object","properties":{"name":{"type":"string"},"schemaSha256":{"type":"string"}}}}}
            """;
        return JsonDocument.Parse(Shape.Replace("STRUCTURED", structured, StringComparison.Ordinal)).RootElement.Clone();
    }

    // Progress<T> posts to the thread pool; counting inline keeps the counts complete when the call returns.
    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
