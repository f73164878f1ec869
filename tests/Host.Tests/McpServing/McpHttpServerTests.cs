using System.Net;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.McpServing;

/// <summary><c>serve</c>'s <c>/mcp</c> (Streamable HTTP): behind the API key, Origin-checked, durable across sessions and restarts.</summary>
public sealed class McpHttpServerTests : IAsyncLifetime
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private readonly TempHome home = new();
    private Server server = null!;

    public async Task InitializeAsync()
    {
        McpTestClients.WriteAskingHostJson(this.home);
        this.server = new Server(this.home);
        await this.server.StartAsync();
    }

    [Fact]
    public async Task Mcp_without_the_key_or_with_a_wrong_key_gets_401_and_no_session()
    {
        using HttpClient anonymous = this.server.Anonymous();
        (HttpResponseMessage none, JsonNode? problem) = await this.server.PostRawAsync("/mcp", Initialize, anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("unauthorized", problem!["code"]!.GetValue<string>());
        Assert.False(none.Headers.Contains("Mcp-Session-Id"));

        anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong-key");
        (HttpResponseMessage wrong, _) = await this.server.PostRawAsync("/mcp", Initialize, anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        // The SDK's client without the key cannot connect at all.
        await Assert.ThrowsAnyAsync<Exception>(() => McpTestClients.HttpAsync(this.server, key: null));
    }

    [Fact]
    public async Task A_request_from_a_foreign_origin_is_refused_even_with_the_key()
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "/mcp") { Content = new StringContent(Initialize, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        HttpResponseMessage response = await this.server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("forbidden-origin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_paused_in_one_session_is_decided_from_another_after_the_server_restarts()
    {
        string id;
        await using (McpClient first = await McpTestClients.HttpAsync(this.server, name: "first"))
        {
            JsonNode turn = await McpTestClients.CallAsync(first, "run_script", new() { ["script"] = McpTestClients.AskingScript });
            Assert.Equal("paused", turn["status"]!.GetValue<string>());
            id = turn["runs"]![0]!["instanceId"]!.GetValue<string>();
        }

        // SIGKILL while the run waits, then a new process on the same store and a new MCP session.
        await this.server.KillAsync();
        await this.server.StartAsync();
        await using McpClient second = await McpTestClients.HttpAsync(this.server, name: "second");
        JsonNode found = await McpTestClients.CallAsync(second, "get_run", new() { ["instanceId"] = id });
        Assert.Equal("paused", found["status"]!.GetValue<string>());

        JsonNode done = await McpTestClients.CallAsync(second, "decide_call", new() { ["instanceId"] = id, ["callId"] = 1, ["decision"] = "approve" });
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        JsonNode decision = done["report"]!["approvals"]![0]!["decision"]!;
        Assert.Equal("mcp:second", decision["decidedBy"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(decision["keyId"]?.GetValue<string>()), "the decision records the API key that delivered it");

        // The same decision again is a no-op; a different one is a conflict with its stable code.
        JsonNode same = await McpTestClients.CallAsync(second, "decide_call", new() { ["instanceId"] = id, ["callId"] = 1, ["decision"] = "approve", ["waitSeconds"] = 0 });
        Assert.Equal("already-decided", same["decision"]!.GetValue<string>());
        JsonNode conflict = await McpTestClients.CallAsync(second, "decide_call", new() { ["instanceId"] = id, ["callId"] = 1, ["decision"] = "deny", ["waitSeconds"] = 0 }, expectError: true);
        Assert.Equal("decision-conflict", conflict["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Over_http_a_session_client_with_elicitation_is_asked_and_a_stateless_one_gets_paused()
    {
        int asked = 0;
        ValueTask<ElicitResult> Approve(ElicitRequestParams? request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref asked);
            return ValueTask.FromResult(new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, System.Text.Json.JsonElement> { ["decision"] = System.Text.Json.JsonSerializer.SerializeToElement("approve") },
            });
        }

        // The initialize handshake (2025-11-25) gets a session: the server can ask the client's user.
        await using (McpClient session = await McpTestClients.HttpAsync(this.server, name: "http-eliciting", elicit: Approve, protocolVersion: "2025-11-25"))
        {
            JsonNode turn = await McpTestClients.CallAsync(session, "run_script", new() { ["script"] = McpTestClients.AskingScript });
            Assert.True(turn["status"]!.GetValue<string>() == "completed", $"{turn}\n{this.server.Process.Stderr}");
            Assert.Equal(1, asked);
            JsonNode decision = turn["runs"]![0]!["report"]!["approvals"]![0]!["decision"]!;
            Assert.Equal("mcp:http-eliciting", decision["decidedBy"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(decision["keyId"]?.GetValue<string>()));
        }

        // The 2026-07-28 revision is sessionless over HTTP: no request can go back, so the run pauses for decide_call.
        await using McpClient stateless = await McpTestClients.HttpAsync(this.server, name: "http-stateless", elicit: Approve);
        JsonNode paused = await McpTestClients.CallAsync(stateless, "run_script", new() { ["script"] = McpTestClients.AskingScript });
        Assert.Equal("paused", paused["status"]!.GetValue<string>());
        Assert.Equal(1, asked);
    }

    public async Task DisposeAsync()
    {
        await this.server.DisposeAsync();
        this.home.Dispose();
    }
}
