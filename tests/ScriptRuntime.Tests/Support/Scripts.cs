using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.ScriptRuntime.Support;

/// <summary>In-memory tools and shortcuts to run scripts against the real sandbox.</summary>
internal static class Scripts
{
    public static readonly ToolDescriptor Echo = Tool("echo", """{"type":"object"}""");

    public static readonly ToolDescriptor Read = Tool("readFile", """
        {"type":"object","properties":{"path":{"type":"string","minLength":1},"limit":{"type":"integer","minimum":1}},
         "required":["path"],"additionalProperties":false}
        """);

    public static readonly ToolDescriptor Exec = Tool("exec", """
        {"type":"object","properties":{"command":{"type":"array","items":{"type":"string"},"minItems":1},
         "mode":{"enum":["fast","slow"]}},"required":["command"]}
        """);

    public static ToolDescriptor Tool(string name, string schema) =>
        new(name, $"The {name} tool.", JsonDocument.Parse(schema).RootElement.Clone());

    public static ScriptRunOptions Options(ScriptLimits? limits = null, JsonElement? context = null, ulong seed = 7) => new()
    {
        Tools = [Echo, Read, Exec],
        Limits = limits ?? new ScriptLimits(),
        Context = context,
        RandomSeed = seed,
        Clock = static () => new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
    };

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Answers every call with its own arguments wrapped as <c>{tool, args}</c>.</summary>
    public static JsonElement EchoResult(ToolCallRequest call) =>
        Json($$"""{"tool":{{JsonSerializer.Serialize(call.Tool)}},"seq":{{call.CallId}},"args":{{call.Args.GetRawText()}}}""");

    /// <summary>Runs through the in-process driver with tools that answer at once.</summary>
    public static Task<ScriptRunReport> RunAsync(string script, ScriptRunOptions? options = null, Func<ToolCallRequest, CancellationToken, Task<JsonElement>>? tools = null) =>
        InProcessScriptDriver.RunAsync(script, options ?? Options(), tools ?? ((call, _) => Task.FromResult(EchoResult(call))));

    /// <summary>Drives the step machine synchronously, settling dispatched calls in order with <paramref name="answer"/>.</summary>
    public static (ScriptRunReport Report, List<ToolCallRequest> Dispatched, List<int> Cancelled) Drive(
        string script, ScriptRunOptions? options = null, Func<ToolCallRequest, ToolOutcome>? answer = null)
    {
        answer ??= call => ToolOutcome.Success(EchoResult(call));
        List<ToolCallRequest> dispatched = [];
        List<int> cancelled = [];
        Queue<ToolCallRequest> pending = new();
        ScriptStep step = ScriptRun.Start(script, options ?? Options());
        while (true)
        {
            dispatched.AddRange(step.Dispatched);
            cancelled.AddRange(step.Cancel);
            foreach (ToolCallRequest call in step.Dispatched)
            {
                pending.Enqueue(call);
            }

            if (step.IsFinished)
            {
                return (step.Report!, dispatched, cancelled);
            }

            ToolCallRequest next = pending.Dequeue();
            step = step.Run.Settle(next.CallId, answer(next));
        }
    }

    public static ScriptLimits Limits(Action<ScriptLimits> change)
    {
        ScriptLimits limits = new();
        change(limits);
        return limits;
    }

    public static void AssertLimit(ScriptRunReport report, ScriptLimit limit)
    {
        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.NotNull(report.Error);
        Assert.Equal(ScriptErrorCode.LimitExceeded, report.Error!.Code);
        Assert.Equal(limit, report.Error.Limit);
    }

    public static string ResultText(ScriptRunReport report) =>
        report.Result is { } result ? result.GetRawText() : "<none>";
}
