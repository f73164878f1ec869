using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Extensions.AI.Chat;
using ScriptHarness.Extensions.AI.Functions;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.ExtensionsAI;

/// <summary>
/// The harness time one model round adds in a Microsoft.Extensions.AI pipeline: the inner client
/// is an in-process fake that answers at once (first a canned script, then plain text), so all of
/// a request's wall time is the harness's: the instructions, detection, the durable turn (start,
/// run, tool activity, report) and the follow-up. Per backend (in-memory, embedded SQLite):
/// a plain answer (no script: the pass-through cost), and a request with one script round, with
/// no tool call and with one AIFunction call; the figure per round is that request's time minus
/// the plain answer's.
/// </summary>
public sealed class ChatRoundQuickBench : IQuickBench
{
    private const int Warmup = 10;
    private const int Iterations = 100;

    private const string NoCallScript = "<tool-calls>\nreturn 6 * 7;\n</tool-calls>";
    private const string OneCallScript = "<tool-calls>\nconst t = await tools.lookup({ id: \"T-7\" });\nreturn t.id;\n</tool-calls>";

    public string Name => "meai";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        foreach (string backend in new[] { "inMemory", "sqlite" })
        {
            string folder = Directory.CreateTempSubdirectory("bench-meai-").FullName;
            CannedChatClient model = new();
            HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["durable:backend"] = backend,
                ["durable:sqlite:databasePath"] = Path.Combine(folder, "harness.db"),
            });
            AIFunction lookup = AIFunctionFactory.Create((string id) => new { id, status = "open" }, "lookup", "Looks a ticket up.");
            builder.Services.AddScriptHarness(builder.Configuration, tools => tools.AddAIFunctions([lookup], ToolEffect.Read));
            builder.Services.AddChatClient(model).UseScriptHarness(o => o.Workspace = folder);
            using IHost host = builder.Build();
            await host.StartAsync(cancellationToken);
            IChatClient chat = host.Services.GetRequiredService<IChatClient>();

            double plain = await MeasureAsync(chat, model, null, cancellationToken);
            double noCall = await MeasureAsync(chat, model, NoCallScript, cancellationToken);
            double oneCall = await MeasureAsync(chat, model, OneCallScript, cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{backend,-9} plain answer (no script)      median {plain,7:0.000} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{backend,-9} script round, no tool call   median {noCall,7:0.00} ms  -> added per round {noCall - plain,7:0.00} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{backend,-9} script round, one AIFunction median {oneCall,7:0.00} ms  -> added per round {oneCall - plain,7:0.00} ms"));
            await host.StopAsync(cancellationToken);
            Directory.Delete(folder, recursive: true);
        }
    }

    // Median wall time of one request: a script round (when given) and the final plain answer.
    private static async Task<double> MeasureAsync(IChatClient chat, CannedChatClient model, string? script, CancellationToken cancellationToken)
    {
        List<double> times = [];
        for (int i = 0; i < Warmup + Iterations; i++)
        {
            model.Next = script is null ? ["Done."] : [script, "Done."];
            long start = Stopwatch.GetTimestamp();
            ChatResponse response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "go")], cancellationToken: cancellationToken);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.Messages[^1].Text != "Done.")
            {
                throw new InvalidOperationException("The canned conversation did not end with its answer: " + response.Messages[^1].Text);
            }

            if (i >= Warmup)
            {
                times.Add(ms);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>The model: answers from a queue at once.</summary>
    private sealed class CannedChatClient : IChatClient
    {
        private int at;
        private string[] next = [];

        public string[] Next
        {
            get => this.next;
            set
            {
                this.next = value;
                this.at = 0;
            }
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, this.next[this.at++])));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
