using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ScriptHarness.Tests.Host.Support;

/// <summary>
/// <c>serve</c> as a child process on a free loopback port over a real SQLite file, with an
/// HTTP client that carries the API key. It can be killed and started again on the same store.
/// </summary>
public sealed class Server : IAsyncDisposable
{
    public const string Key = "test-key-4f9a1c2e";
    private readonly Dictionary<string, string?> environment;
    private HostProcess? process;

    public Server(TempHome home, IReadOnlyDictionary<string, string?>? environment = null)
    {
        this.Home = home;
        this.Port = HostProcess.FreePort();
        this.environment = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["SCRIPTHARNESS_API_KEY"] = Key };
        this.Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{this.Port}"), Timeout = TimeSpan.FromSeconds(60) };
        this.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public TempHome Home { get; }

    public int Port { get; }

    public HttpClient Client { get; }

    public HostProcess Process => this.process ?? throw new InvalidOperationException("Not started.");

    public async Task StartAsync()
    {
        this.process = HostProcess.Start(this.Home.Root, this.environment, "serve", "--urls", $"http://127.0.0.1:{this.Port}", "--store", this.Home.Store, "--config", this.Home.HostJson);
        await this.process.WaitForOutputAsync("ScriptHarness listening on", TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL the server.</summary>
    public async Task KillAsync()
    {
        if (this.process is not null)
        {
            await this.process.DisposeAsync();
            this.process = null;
        }
    }

    public HttpClient Anonymous() => new() { BaseAddress = this.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(string path, object body)
    {
        HttpResponseMessage response = await this.Client.PostAsJsonAsync(path, body);
        return (response, await ReadAsync(response));
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> PostRawAsync(string path, string json, HttpClient? client = null)
    {
        using StringContent content = new(json, System.Text.Encoding.UTF8, "application/json");
        HttpResponseMessage response = await (client ?? this.Client).PostAsync(path, content);
        return (response, await ReadAsync(response));
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        HttpResponseMessage response = await this.Client.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Posts a turn and returns its run ids (asserting 202).</summary>
    public async Task<(string TurnId, string[] Runs)> StartTurnAsync(string output, string? workspace = null, string? conversation = null, object? extra = null)
    {
        JsonObject body = new()
        {
            ["conversationId"] = conversation ?? "c-" + Guid.NewGuid().ToString("N")[..8],
            ["turnId"] = "t1",
            ["output"] = output,
            ["workspace"] = workspace ?? this.Home.NewWorkspace(),
        };
        if (extra is not null)
        {
            foreach ((string key, JsonNode? value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        (HttpResponseMessage response, JsonNode? json) = await this.PostAsync("/api/turns", body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"POST /api/turns: {(int)response.StatusCode} {json}");
        return (json!["turnId"]!.GetValue<string>(), json["runs"]!.AsArray().Select(r => r!["instanceId"]!.GetValue<string>()).ToArray());
    }

    /// <summary>Polls a run until <paramref name="until"/> holds (generous timeout; fails with the last view).</summary>
    public async Task<JsonNode> WaitForRunAsync(string runId, Func<JsonNode, bool> until, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            HttpResponseMessage response = await this.Client.GetAsync($"/api/runs/{runId}");
            if (response.IsSuccessStatusCode)
            {
                last = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (until(last))
                {
                    return last;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Run {runId} did not reach the state in time. Last view: {last}\nserver stderr:\n{this.process?.Stderr}");
    }

    public Task<JsonNode> WaitForReportAsync(string runId) => this.WaitForRunAsync(runId, v => v["report"] is JsonObject);

    public Task<JsonNode> WaitForApprovalAsync(string runId, int callId) =>
        this.WaitForRunAsync(runId, v => v["pending"] is JsonArray p && p.Any(c => c!["callId"]!.GetValue<int>() == callId && c["kind"]!.GetValue<string>() == "approval"));

    /// <summary>
    /// Starts a run whose two exec calls (writing <c>a.txt</c> and <c>b.txt</c>) both wait for
    /// approval at once, and waits until both are pending: the batch-decision scenario.
    /// </summary>
    public async Task<(string Workspace, string RunId)> StartTwoWaitingCallsAsync()
    {
        string workspace = this.Home.NewWorkspace();
        (_, string[] runs) = await this.StartTurnAsync(Scripts.Block(Scripts.TwoParallelAskingCommands), workspace);
        await this.WaitForRunAsync(runs[0], v => v["pending"] is JsonArray { Count: 2 });
        return (workspace, runs[0]);
    }

    public async ValueTask DisposeAsync()
    {
        await this.KillAsync();
        this.Client.Dispose();
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
