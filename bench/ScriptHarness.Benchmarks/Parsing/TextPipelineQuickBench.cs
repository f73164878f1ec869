using System.Diagnostics;
using System.Text.Json;
using ScriptHarness.ScriptRuntime.Declarations;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Serialization;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Parsing;

/// <summary>
/// The text half of a turn: detect the blocks of a typical model message, validate a script
/// (Jint's parser plus our checks), explain a TypeScript error, serialize the follow-up for each
/// provider, and generate the tools declaration. Medians of many iterations after a warm-up.
/// </summary>
public sealed class TextPipelineQuickBench : IQuickBench
{
    private const string Script = """
        const files = await tools.listDir({ path: "src" });
        const sources = files.filter(f => f.name.endsWith(".cs"));
        const contents = await Promise.all(sources.slice(0, 5).map(f => tools.readFile({ path: f.path })));
        const todo = [];
        for (const [i, c] of contents.entries()) {
          const lines = c.content.split("\n");
          lines.forEach((line, n) => { if (/TODO|FIXME/.test(line)) todo.push(`${sources[i].path}:${n + 1}`); });
        }
        console.log(`scanned ${contents.length} files </tool-calls> in a string`);
        return { count: todo.length, todo: todo.slice(0, 20) };
        """;

    private static readonly string Message =
        "I'll scan the sources for TODOs.\n\n<tool-calls>\n" + Script + "\n</tool-calls>\n\nThen summarize:\n<tool-calls>\nreturn 1;\n</tool-calls>\nDone.";

    /// <inheritdoc />
    public string Name => "text";

    /// <inheritdoc />
    public Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        DetectedMessage detected = ScriptDetector.Detect(Message);
        var report = new ScriptRunReport(ScriptRunStatus.Completed)
        {
            Result = JsonDocument.Parse("""{"count":3,"todo":["a.cs:1","b.cs:2","c.cs:3"]}""").RootElement.Clone(),
            Logs = [new ConsoleEntry(ConsoleLevel.Log, "scanned 5 files")],
            Calls = [new ToolCallRecord(1, "listDir", JsonDocument.Parse("{}").RootElement.Clone(), ToolCallStatus.Ok) { Line = 1, Column = 21, DurationMs = 2 }],
        };
        ToolDescriptor[] tools = Enumerable.Range(0, 6).Select(i => new ToolDescriptor(
            $"tool{i}",
            "Does something useful.",
            JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string","description":"A path."},"mode":{"enum":["a","b"]},"n":{"type":"integer"}},"required":["path"]}""").RootElement.Clone()))
            .ToArray();

        (string Name, Func<object> Action)[] rows =
        [
            ("detect (2 blocks, 1 KB message)", () => ScriptDetector.Detect(Message)),
            ("  of which: JS scan of the big script", () => JsLexer.Tokenize(Script)),
            ("Jint PrepareScript alone (for reference)", () => Jint.Engine.PrepareScript(ScriptHarness.ScriptRuntime.Scripts.ScriptWrapper.Wrap(Script), "script", strict: true)),
            ("validate (10-line script)", () => ScriptValidator.Validate(Script)),
            ("validate TypeScript (error + explanation)", () => ScriptValidator.Validate("const a: number = 1;\nreturn a;")),
            ("serialize Responses", () => ConversationSerializer.Serialize(ProviderFormats.OpenAIResponses, detected, [report])),
            ("serialize Chat Completions", () => ConversationSerializer.Serialize(ProviderFormats.OpenAIChatCompletions, detected, [report])),
            ("serialize Anthropic Messages", () => ConversationSerializer.Serialize(ProviderFormats.AnthropicMessages, detected, [report])),
            ("serialize Gemini", () => ConversationSerializer.Serialize(ProviderFormats.Gemini, detected, [report])),
            ("declarations (6 tools)", () => ToolDeclarationGenerator.Generate(tools)),
        ];

        // Two timed passes let tiered compilation settle (it waits for a quiet period before
        // promoting hot methods), so no row is measured on tier-0 code.
        for (int pass = 0; pass < 2; pass++)
        {
            foreach ((string _, Func<object> action) in rows)
            {
                long start = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 250)
                {
                    action();
                }
            }
        }

        output.WriteLine($"{"step",-44} {"median µs",10} {"alloc KB",9}");
        foreach ((string name, Func<object> action) in rows)
        {
            (double median, double kb) = Measure(action, 2000);
            output.WriteLine($"{name,-44} {median,10:0.0} {kb,9:0.0}");
        }

        return Task.CompletedTask;
    }

    private static (double MedianMicroseconds, double AllocatedKb) Measure(Func<object> action, int iterations)
    {
        var samples = new double[iterations];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        double perRunKb = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / iterations;
        Array.Sort(samples);
        return (samples[iterations / 2], perRunKb);
    }
}
