using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Mcp;
using ScriptHarness.Activities.Mcp.Options;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Mcp;

/// <summary>
/// The worker's MCP server lifecycle against the real server-everything: started on first use,
/// reused, restarted after it dies (the call in flight fails typed and retryable), stopped with
/// the pool; and the environment the server gets.
/// </summary>
public class McpServerLifecycleTests
{
    [Fact]
    public async Task A_server_killed_during_a_call_fails_it_retryably_and_is_started_again_on_the_next()
    {
        string marker = $"marker-{Guid.NewGuid():N}";
        await using McpServerPool pool = Pool(marker);
        Dictionary<string, ITool> tools = McpToolCatalog.List(pool).ToDictionary(t => t.Descriptor.Name);
        McpServerConnection connection = pool.Get("everything");
        JsonElement first = await tools["mcp.everything.echo"].InvokeAsync(Invocation("""{"message":"one"}"""), CancellationToken.None);
        Assert.Equal("Echo: one", first.GetProperty("text").GetString());
        Assert.Equal(1, connection.Starts);

        Task<JsonElement> inFlight = tools["mcp.everything.trigger-long-running-operation"].InvokeAsync(Invocation("""{"duration":30,"steps":30}"""), CancellationToken.None);
        await Task.Delay(500);
        int pid = ServerPid(marker);
        Process.GetProcessById(pid).Kill();

        ToolException failure = await Assert.ThrowsAsync<ToolException>(() => inFlight);
        Assert.Equal(McpErrorDetails.ServerExited, failure.Detail);
        Assert.True(failure.Error.Retryable);

        JsonElement again = await tools["mcp.everything.echo"].InvokeAsync(Invocation("""{"message":"two"}"""), CancellationToken.None);
        Assert.Equal("Echo: two", again.GetProperty("text").GetString());
        Assert.Equal(2, connection.Starts);
        Assert.NotEqual(pid, ServerPid(marker));
    }

    [Fact]
    public async Task The_server_is_reused_across_calls_and_stopped_with_the_pool()
    {
        string marker = $"marker-{Guid.NewGuid():N}";
        McpServerPool pool = Pool(marker);
        Dictionary<string, ITool> tools = McpToolCatalog.List(pool).ToDictionary(t => t.Descriptor.Name);
        for (int i = 0; i < 3; i++)
        {
            await tools["mcp.everything.echo"].InvokeAsync(Invocation("""{"message":"x"}"""), CancellationToken.None);
        }

        Assert.Equal(1, pool.Get("everything").Starts);
        Assert.True(HostProcesses.AnyAlive(marker), "the server process was not found");
        await pool.DisposeAsync();
        Assert.True(await HostProcesses.GoneSoon(marker), "the server outlived its pool");
    }

    [Fact]
    public async Task The_server_gets_only_the_named_variables_of_the_workers_environment()
    {
        string marker = $"marker-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("MCP_TEST_PASSED", "visible");
        Environment.SetEnvironmentVariable("MCP_TEST_SECRET", "hidden-secret");
        await using McpServerPool pool = Pool(marker, env: ["MCP_TEST_PASSED"]);
        Dictionary<string, ITool> tools = McpToolCatalog.List(pool).ToDictionary(t => t.Descriptor.Name);

        JsonElement result = await tools["mcp.everything.get-env"].InvokeAsync(Invocation("{}"), CancellationToken.None);

        string text = result.GetProperty("text").GetString()!;
        Assert.Contains("visible", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_past_its_timeout_fails_typed_and_the_server_keeps_serving()
    {
        string marker = $"marker-{Guid.NewGuid():N}";
        await using McpServerPool pool = Pool(marker, timeoutMs: 1500);
        Dictionary<string, ITool> tools = McpToolCatalog.List(pool).ToDictionary(t => t.Descriptor.Name);

        ToolException failure = await Assert.ThrowsAsync<ToolException>(() =>
            tools["mcp.everything.trigger-long-running-operation"].InvokeAsync(Invocation("""{"duration":20,"steps":20}"""), CancellationToken.None));

        Assert.Equal(McpErrorDetails.Timeout, failure.Detail);
        JsonElement after = await tools["mcp.everything.echo"].InvokeAsync(Invocation("""{"message":"still here"}"""), CancellationToken.None);
        Assert.Equal("Echo: still here", after.GetProperty("text").GetString());
        Assert.Equal(1, pool.Get("everything").Starts);
    }

    [Fact]
    public async Task A_server_that_cannot_start_fails_the_registry_naming_it()
    {
        var options = new McpOptions();
        options.Servers["broken"] = new McpServerOptions { Command = "/nonexistent/mcp-server", StartTimeoutMs = 5000 };
        await using var pool = new McpServerPool(Options.Create(options));

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => McpToolCatalog.List(pool));

        Assert.Contains("mcp.servers.broken", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    private static McpServerPool Pool(string marker, int timeoutMs = 60_000, List<string>? env = null)
    {
        var server = new McpServerOptions { Command = "node", Args = [ServerScript(), "stdio", marker], TimeoutMs = timeoutMs, Env = env ?? [] };
        var options = new McpOptions();
        options.Servers["everything"] = server;
        return new McpServerPool(Options.Create(options));
    }

    private static ToolInvocation Invocation(string args) =>
        new($"test:{Guid.NewGuid():N}", 1, Path.GetTempPath(), JsonDocument.Parse(args).RootElement.Clone());

    // The server's node process, found by the marker argument only this test passes.
    private static int ServerPid(string marker) =>
        HostProcesses.LivePid(marker) ?? throw new InvalidOperationException("The server process was not found.");

    internal static string ServerScript()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("@modelcontextprotocol/server-everything is not installed: run npm ci at the repository root.");
    }
}
