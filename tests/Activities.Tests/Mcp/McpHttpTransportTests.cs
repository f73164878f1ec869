using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Mcp;
using ScriptHarness.Activities.Mcp.Options;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Tests.Activities.Mcp;

/// <summary>The Streamable HTTP transport against server-everything's own HTTP server (a header configured by variable name).</summary>
public class McpHttpTransportTests
{
    [Fact]
    public async Task A_url_server_is_called_over_streamable_HTTP()
    {
        int port = FreePort();
        var start = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(McpServerLifecycleTests.ServerScript());
        start.ArgumentList.Add("streamableHttp");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using Process server = Process.Start(start)!;
        try
        {
            var listening = new TaskCompletionSource();
            server.ErrorDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true)
                {
                    listening.TrySetResult();
                }
            };
            server.BeginErrorReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

            Environment.SetEnvironmentVariable("MCP_HTTP_TEST_TOKEN", "Bearer not-a-real-secret");
            var options = new McpOptions();
            options.Servers["remote"] = new McpServerOptions
            {
                Url = $"http://127.0.0.1:{port}/mcp",
                Headers = { ["Authorization"] = "MCP_HTTP_TEST_TOKEN" },
            };
            await using var pool = new McpServerPool(Options.Create(options));
            Dictionary<string, ITool> tools = McpToolCatalog.List(pool).ToDictionary(t => t.Descriptor.Name);

            JsonElement result = await tools["mcp.remote.get-sum"].InvokeAsync(
                new ToolInvocation("http:1", 1, Path.GetTempPath(), JsonDocument.Parse("""{"a":5,"b":6}""").RootElement.Clone()),
                CancellationToken.None);

            Assert.Contains("11", result.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
