using System.Text.Json;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Runtime;

/// <summary>The three workloads of the runtime benchmark, shared by the quick runner and BenchmarkDotNet.</summary>
internal static class RuntimeWorkloads
{
    public const string OneCall = "const r = await tools.readFile({ path: 'README.md' });\nreturn r.text.length;";

    public const string HundredCalls = "let total = 0;\nfor (let i = 0; i < 100; i++) {\n  const r = await tools.readFile({ path: 'f' + i });\n  total += r.text.length;\n}\nreturn total;";

    public static readonly ScriptRunOptions Options = new()
    {
        Tools =
        [
            new ToolDescriptor(
                "readFile",
                "Reads a file.",
                JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"],"additionalProperties":false}""").RootElement.Clone()),
        ],
        RandomSeed = 1,
    };

    /// <summary>Limits nobody prewarms: a start with them always hardens a fresh engine.</summary>
    public static readonly ScriptRunOptions ColdOptions = new()
    {
        Tools = Options.Tools,
        RandomSeed = 1,
        Limits = new ScriptHarness.ScriptRuntime.Limits.ScriptLimits { MaxRecursionDepth = 255 },
    };

    private static readonly ToolOutcome FileResult = ToolOutcome.Success(JsonDocument.Parse("""{"text":"hello world"}""").RootElement.Clone());

    /// <summary>(a) Cold start: parse, hardened engine, evaluate to the first pending call.</summary>
    public static ScriptStep ColdStart() => Start(ColdOptions);

    /// <summary>(a') The same start with the runs' usual limits, which workers prewarm.</summary>
    public static ScriptStep WarmStart() => Start(Options);

    private static ScriptStep Start(ScriptRunOptions options)
    {
        ScriptStep step = ScriptRun.Start(OneCall, options);
        if (step.Dispatched.Count != 1)
        {
            throw new InvalidOperationException("The one-call script did not reach its call.");
        }

        return step;
    }

    private static int unique;

    /// <summary>(a'') Cold start of a script text the process has not parsed yet.</summary>
    public static ScriptStep ColdStartUncached() =>
        ScriptRun.Start(OneCall + "\n// " + Interlocked.Increment(ref unique).ToString(System.Globalization.CultureInfo.InvariantCulture), ColdOptions);

    /// <summary>Runs a script to its end, answering every call at once (as a replay does).</summary>
    public static int RunToEnd(string script) => Finish(ScriptRun.Start(script, Options));

    /// <summary>Answers every call of a started run at once until it finishes; returns the number of calls.</summary>
    public static int Finish(ScriptStep step)
    {
        int calls = 0;
        Queue<int> pending = new(step.Dispatched.Select(d => d.CallId));
        while (!step.IsFinished)
        {
            step = step.Run.Settle(pending.Dequeue(), FileResult);
            calls++;
            foreach (ToolCallRequest next in step.Dispatched)
            {
                pending.Enqueue(next.CallId);
            }
        }

        if (step.Report!.Status != ScriptHarness.ScriptRuntime.Reports.ScriptRunStatus.Completed)
        {
            throw new InvalidOperationException("Benchmark script failed: " + step.Report.Error?.Message);
        }

        return calls;
    }
}
