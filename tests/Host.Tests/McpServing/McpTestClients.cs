using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.McpServing;

/// <summary>The SDK's own MCP client against <c>scriptharness mcp</c> (a child process over stdio) or <c>serve</c>'s <c>/mcp</c>.</summary>
public static class McpTestClients
{
    /// <summary>A script whose one call the test policy asks about (readFile asks under <see cref="WriteAskingHostJson"/>).</summary>
    public const string AskingScript = "const f = await tools.readFile({ path: 'README.md' }); return f.size;";

    /// <summary>host.json for these tests: readFile asks, so a run pauses without needing exec's sandbox.</summary>
    public static void WriteAskingHostJson(TempHome home) => home.WriteHostJson(new JsonObject
    {
        ["orchestrations"] = new JsonObject
        {
            ["approvals"] = new JsonObject
            {
                ["rules"] = new JsonArray(new JsonObject { ["tool"] = "readFile", ["action"] = "ask", ["reason"] = "reads ask in this test" }),
            },
        },
    });

    /// <summary>Starts <c>scriptharness mcp</c> on the home's store and connects to it.</summary>
    public static Task<McpClient> StdioAsync(TempHome home, Func<ElicitRequestParams?, CancellationToken, ValueTask<ElicitResult>>? elicit = null, string name = "stdio-test")
    {
        StdioClientTransport transport = new(new StdioClientTransportOptions
        {
            Name = "scriptharness",
            Command = "dotnet",
            Arguments = [RepoPaths.HostDll, "mcp", "--store", home.Store, "--config", home.HostJson],
            WorkingDirectory = home.Root,
            EnvironmentVariables = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["SCRIPTHARNESS_API_KEY"] = null },
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        });
        return McpClient.CreateAsync(transport, Options(name, elicit));
    }

    /// <summary>Connects to <c>serve</c>'s <c>/mcp</c> with the key (or without it when <paramref name="key"/> is null).</summary>
    public static Task<McpClient> HttpAsync(Server server, string? key = Server.Key, string name = "http-test", Func<ElicitRequestParams?, CancellationToken, ValueTask<ElicitResult>>? elicit = null, string? protocolVersion = null)
    {
        HttpClientTransportOptions options = new()
        {
            Endpoint = new Uri($"http://127.0.0.1:{server.Port}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        };
        if (key is not null)
        {
            options.AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key };
        }

        McpClientOptions client = Options(name, elicit);
        client.ProtocolVersion = protocolVersion;
        return McpClient.CreateAsync(new HttpClientTransport(options), client);
    }

    /// <summary>Calls a tool with a generous timeout and returns its structured answer (asserting which of ok / tool error it was).</summary>
    public static async Task<JsonNode> CallAsync(McpClient client, string tool, Dictionary<string, object?> args, bool expectError = false, IProgress<ProgressNotificationValue>? progress = null)
    {
        using CancellationTokenSource cts = new(TimeSpan.FromMinutes(2));
        CallToolResult result = await client.CallToolAsync(tool, args, progress, cancellationToken: cts.Token);
        string text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        Assert.True((result.IsError ?? false) == expectError, $"{tool}: isError={result.IsError}: {text}");
        JsonNode structured = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;
        Assert.Equal(structured.ToJsonString(), JsonNode.Parse(text)!.ToJsonString());
        return structured;
    }

    private static McpClientOptions Options(string name, Func<ElicitRequestParams?, CancellationToken, ValueTask<ElicitResult>>? elicit) => new()
    {
        ClientInfo = new Implementation { Name = name, Version = "1.0.0" },
        Handlers = new McpClientHandlers { ElicitationHandler = elicit },
        InitializationTimeout = TimeSpan.FromSeconds(90),
    };
}

/// <summary>Collects progress notifications as they arrive (no synchronization context involved).</summary>
public sealed class CollectedProgress : IProgress<ProgressNotificationValue>
{
    public ConcurrentQueue<ProgressNotificationValue> Values { get; } = new();

    public void Report(ProgressNotificationValue value) => this.Values.Enqueue(value);
}
