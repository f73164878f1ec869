using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ScriptHarness.Tests.Extensions.AI.Agent;

/// <summary>
/// An OpenAI-compatible endpoint on loopback that answers <c>POST /v1/chat/completions</c> with
/// recorded responses, in order, over real HTTP. Each exchange says what its request must hold;
/// a request that does not, or one too many, gets a 400 with the reason (so the client fails
/// loudly) and is recorded in <see cref="Problems"/>.
/// </summary>
public sealed class ReplayServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly JsonArray exchanges;
    private readonly string apiKey;
    private readonly Task loop;
    private int next;

    public ReplayServer(string fixturePath, string apiKey)
    {
        this.exchanges = JsonNode.Parse(File.ReadAllText(fixturePath))!["exchanges"]!.AsArray();
        this.apiKey = apiKey;
        int port = FreePort();
        this.BaseUrl = $"http://127.0.0.1:{port}/v1";
        this.listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        this.listener.Start();
        this.loop = Task.Run(this.ServeAsync);
    }

    public string BaseUrl { get; }

    public List<string> Problems { get; } = [];

    public List<string> Requests { get; } = [];

    public int Served => Volatile.Read(ref this.next);

    public int Total => this.exchanges.Count;

    /// <summary>A request's messages as lines <c>role: text</c> and <c>tool_call: name arguments</c>.</summary>
    public static string Readable(JsonNode request)
    {
        StringBuilder text = new();
        foreach (JsonNode? message in request["messages"]?.AsArray() ?? [])
        {
            string role = message?["role"]?.GetValue<string>() ?? "?";
            JsonNode? content = message?["content"];
            string body = content switch
            {
                JsonValue value => value.GetValue<string>(),
                JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
                _ => string.Empty,
            };
            text.Append(role).Append(": ").Append(body).Append('\n');
            foreach (JsonNode? call in message?["tool_calls"]?.AsArray() ?? [])
            {
                text.Append("tool_call: ").Append(call?["function"]?["name"]?.GetValue<string>()).Append(' ')
                    .Append(call?["function"]?["arguments"]?.GetValue<string>()).Append('\n');
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        this.listener.Stop();
        try
        {
            await this.loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }

        this.listener.Close();
    }

    private static int FreePort()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (this.listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await this.listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string body;
            using (StreamReader reader = new(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            string? problem = this.Check(context.Request, body, out JsonNode? response);
            byte[] bytes = Encoding.UTF8.GetBytes(problem is null
                ? response!.ToJsonString()
                : new JsonObject { ["error"] = new JsonObject { ["message"] = problem, ["type"] = "invalid_request_error" } }.ToJsonString());
            context.Response.StatusCode = problem is null ? 200 : 400;
            context.Response.ContentType = "application/json";
            context.Response.Headers["x-request-id"] = "req-replay-" + this.Served;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private string? Check(HttpListenerRequest request, string body, out JsonNode? response)
    {
        response = null;
        string? problem = null;
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/v1/chat/completions")
        {
            problem = $"unexpected {request.HttpMethod} {request.Url?.AbsolutePath}";
        }
        else if (request.Headers["Authorization"] != "Bearer " + this.apiKey)
        {
            problem = "missing or wrong API key";
        }
        else if (this.next >= this.exchanges.Count)
        {
            problem = $"request {this.next + 1} but only {this.exchanges.Count} recorded";
        }
        else
        {
            JsonNode exchange = this.exchanges[this.next]!;
            string readable = Readable(JsonNode.Parse(body)!);
            this.Requests.Add(readable);
            string[] missing = [.. exchange["expectInRequest"]!.AsArray().Select(e => e!.GetValue<string>()).Where(e => !readable.Contains(e, StringComparison.Ordinal))];
            if (missing.Length > 0)
            {
                problem = $"request {this.next + 1} lacks {string.Join(" | ", missing)}";
            }
            else
            {
                response = exchange["response"]!.DeepClone();
                Interlocked.Increment(ref this.next);
            }
        }

        if (problem is not null)
        {
            lock (this.Problems)
            {
                this.Problems.Add(problem);
            }
        }

        return problem;
    }
}
