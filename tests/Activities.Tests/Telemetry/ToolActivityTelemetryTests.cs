using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Telemetry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Telemetry;

/// <summary>A tool's execution: its log lines carry the run and call ids, its span hangs under the call's.</summary>
public sealed class ToolActivityTelemetryTests : IDisposable
{
    private readonly TempWorkspace ws = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task What_a_tool_logs_carries_the_run_id_call_id_and_tool_as_scope()
    {
        ScopeCapture capture = new();
        using ILoggerFactory factory = LoggerFactory.Create(b => b.AddProvider(capture));
        ILogger toolLogger = factory.CreateLogger("tool");
        ToolActivity activity = new(Tool("note", () => toolLogger.LogWarning("inside the tool")), new ToolCancellation(), watcher: null, factory.CreateLogger<ToolActivity>(), traceParent: null);

        await activity.RunAsync(new Context("note", "run-log"), new ToolInvocation("run-log:4", 4, this.ws.Root, JsonSerializer.SerializeToElement(new { })));

        IReadOnlyDictionary<string, object?> scope = Assert.Single(capture.Entries, e => e.Message == "inside the tool").Scope;
        Assert.Equal("run-log", scope["RunId"]);
        Assert.Equal(4, scope["CallId"]);
        Assert.Equal("note", scope["Tool"]);
    }

    [Fact]
    public async Task The_tool_span_is_a_child_of_the_call_span_the_scheduler_names_and_records_a_failure_by_code()
    {
        string instance = $"run-{Guid.NewGuid():N}";
        ActivityContext call = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        List<Activity> spans = [];
        using ActivityListener listener = new()
        {
            ShouldListenTo = s => s.Name == HarnessTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        ToolActivity activity = new(Tool("boom", () => throw ToolException.Failed("boom", "it broke")), new ToolCancellation(), watcher: null, logger: null, new FixedParent(call));

        await Assert.ThrowsAsync<ToolActivityException>(() => activity.RunAsync(new Context("boom", instance), new ToolInvocation(instance + ":2", 2, this.ws.Root, JsonSerializer.SerializeToElement(new { }))));

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => (string?)s.GetTagItem(HarnessTelemetry.RunId) == instance);
        }

        Assert.Equal(HarnessTelemetry.ToolSpan, span.OperationName);
        Assert.Equal(call.TraceId, span.TraceId);
        Assert.Equal(call.SpanId, span.ParentSpanId);
        Assert.Equal(2, span.GetTagItem(HarnessTelemetry.CallId));
        Assert.Equal("failed", span.GetTagItem(HarnessTelemetry.Outcome));
        Assert.Equal("tool-failed", span.GetTagItem(HarnessTelemetry.ErrorCode));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.DoesNotContain("it broke", span.StatusDescription ?? string.Empty, StringComparison.Ordinal);
    }

    private static DelegateTool Tool(string name, Action body) =>
        new(new ToolDescriptor(name, "Test tool.", JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone()), (_, _) =>
        {
            body();
            return Task.FromResult(JsonSerializer.SerializeToElement(new { ok = true }));
        });

    private sealed class FixedParent(ActivityContext context) : IToolCallTraceParent
    {
        public ActivityContext ParentOf(string instanceId, int callId) => context;
    }

    private sealed class Context(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name => new(name);

        public override string InstanceId => instanceId;
    }

    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public List<(string Message, IReadOnlyDictionary<string, object?> Scope)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => this.scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                Dictionary<string, object?> scope = [];
                owner.scopes.ForEachScope(
                    (s, into) =>
                    {
                        if (s is IEnumerable<KeyValuePair<string, object>> pairs)
                        {
                            foreach (KeyValuePair<string, object> pair in pairs)
                            {
                                into[pair.Key] = pair.Value;
                            }
                        }
                    },
                    scope);
                lock (owner.Entries)
                {
                    owner.Entries.Add((formatter(state, exception), scope));
                }
            }
        }
    }
}
