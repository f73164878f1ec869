using System.Text.Json;
using Microsoft.DurableTask;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.DurableActivities;

public sealed class ToolActivityTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ToolCancellation cancellation = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task The_activity_runs_its_tool_with_the_invocation()
    {
        this.ws.Write("a.txt", "hello\n");
        var activity = new ToolActivity(new ReadFileTool(), this.cancellation);

        JsonElement result = await ((ITaskActivity)activity).RunAsync(new Context("readFile"), this.ws.Invocation(new { path = "a.txt" })) is JsonElement e ? e : default;

        Assert.Equal("hello", result.Str("content"));
    }

    [Fact]
    public async Task A_typed_tool_error_survives_the_framework_failure_details()
    {
        var activity = new ToolActivity(new ReadFileTool(), this.cancellation);

        ToolActivityException thrown = await Assert.ThrowsAsync<ToolActivityException>(() => activity.RunAsync(new Context("readFile"), this.ws.Invocation(new { path = "../outside/secret.txt" })));

        // What the framework keeps of a failed activity: the exception's type name and message.
        var details = new TaskFailureDetails(thrown.GetType().FullName!, thrown.Message, thrown.StackTrace, null, null);
        Assert.True(ToolActivityException.TryReadError(details, out ScriptError? error));
        Assert.Equal(ScriptErrorCode.ToolFailed, error.Code);
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, error.Detail);
        Assert.False(error.Retryable);
        Assert.Contains("outside the workspace", error.Message, StringComparison.Ordinal);
        Assert.False(ToolActivityException.TryReadError(new TaskFailureDetails("System.IO.IOException", "disk", null, null, null), out _));
    }

    [Fact]
    public async Task Cancelling_by_idempotency_key_kills_a_running_exec_and_fails_the_activity_as_cancelled()
    {
        var activity = new ToolActivity(new ExecTool(), this.cancellation);
        string started = this.ws.PathOf("started");
        ToolInvocation invocation = this.ws.Invocation(new { command = "touch started; sleep 300", timeoutMs = 120_000 }, key: "inst-7:3");

        Task<JsonElement> run = activity.RunAsync(new Context("exec"), invocation);
        for (int i = 0; i < 1500 && !File.Exists(started); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(File.Exists(started));
        Assert.True(this.cancellation.Cancel("inst-7:3"));
        ToolActivityException thrown = await Assert.ThrowsAsync<ToolActivityException>(() => run);

        Assert.Equal(ScriptErrorCode.Cancelled, thrown.Error.Code);
        Assert.False(this.cancellation.IsCancellationRequested("inst-7:3"));
    }

    [Fact]
    public async Task A_cancel_that_arrives_before_the_call_starts_stops_it_at_once()
    {
        var activity = new ToolActivity(new ExecTool(), this.cancellation);
        Assert.False(this.cancellation.Cancel("inst-8:1"));

        ToolActivityException thrown = await Assert.ThrowsAsync<ToolActivityException>(() =>
            activity.RunAsync(new Context("exec"), this.ws.Invocation(new { command = "sleep 300", timeoutMs = 120_000 }, key: "inst-8:1")));

        Assert.Equal(ScriptErrorCode.Cancelled, thrown.Error.Code);
    }

    [Fact]
    public async Task A_cancel_seen_by_the_watcher_kills_a_running_exec_and_fails_the_activity_as_cancelled()
    {
        RecordingWatcher watcher = new();
        var activity = new ToolActivity(new ExecTool(), this.cancellation, watcher);
        string started = this.ws.PathOf("started-remote");
        ToolInvocation invocation = this.ws.Invocation(new { command = "touch started-remote; sleep 300", timeoutMs = 120_000 }, key: "inst-9:4") with { CallId = 4 };

        Task<JsonElement> run = activity.RunAsync(new Context("exec", "inst-9"), invocation);
        for (int i = 0; i < 1500 && !File.Exists(started); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(File.Exists(started));
        Watch watch = Assert.Single(watcher.Watches);
        Assert.Equal(("inst-9", 4, "inst-9:4"), (watch.InstanceId, watch.Invocation.CallId, watch.Invocation.IdempotencyKey));
        watch.Cancel();
        ToolActivityException thrown = await Assert.ThrowsAsync<ToolActivityException>(() => run);

        Assert.Equal(ScriptErrorCode.Cancelled, thrown.Error.Code);
        Assert.True(watch.Disposed);
        Assert.False(this.cancellation.IsCancellationRequested("inst-9:4"));
    }

    [Fact]
    public async Task The_watch_ends_when_the_call_ends_whether_it_returns_or_fails()
    {
        this.ws.Write("b.txt", "b\n");
        RecordingWatcher watcher = new();
        var activity = new ToolActivity(new ReadFileTool(), this.cancellation, watcher);

        await activity.RunAsync(new Context("readFile"), this.ws.Invocation(new { path = "b.txt" }));
        await Assert.ThrowsAsync<ToolActivityException>(() => activity.RunAsync(new Context("readFile"), this.ws.Invocation(new { path = "missing.txt" })));

        Assert.Equal(2, watcher.Watches.Count);
        Assert.All(watcher.Watches, w => Assert.True(w.Disposed));
    }

    [Fact]
    public void Activities_can_be_registered_by_name_before_any_service_exists()
    {
        var registry = new DurableTaskRegistry();

        registry.AddToolActivities(BuiltInTools.Names);

        Assert.Equal(BuiltInTools.CreateRegistry().Names, BuiltInTools.Names);
        Assert.Throws<ArgumentException>(() => registry.AddActivity(new TaskName("grep"), new ToolActivity(new ReadFileTool(), this.cancellation)));
    }

    [Fact]
    public void Activities_are_registered_on_the_durable_task_registry_under_the_tool_names()
    {
        var registry = new DurableTaskRegistry();
        ToolRegistry tools = BuiltInTools.CreateRegistry();

        registry.AddToolActivities(tools);

        // The SDK refuses a second activity of the same name: each tool's name is taken.
        foreach (string name in tools.Names)
        {
            Assert.Throws<ArgumentException>(() => registry.AddActivity(new TaskName(name), new ToolActivity(tools.Get(name), this.cancellation)));
        }
    }

    [Fact]
    public async Task An_invocation_without_an_idempotency_key_is_a_typed_validation_failure()
    {
        var activity = new ToolActivity(new ReadFileTool(), this.cancellation);

        ToolActivityException thrown = await Assert.ThrowsAsync<ToolActivityException>(() => activity.RunAsync(new Context("readFile"), this.ws.Invocation(new { path = "a" }, key: "")));

        Assert.Equal(ScriptErrorCode.ToolValidation, thrown.Error.Code);
    }

    [Fact]
    public void External_tools_get_no_activity()
    {
        var registry = new DurableTaskRegistry();
        var external = new ExternalTool(new ScriptHarness.ScriptRuntime.Tools.ToolDescriptor("askUser", "Asks.", JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone()));

        registry.AddToolActivities(new ToolRegistry([external]));

        // The name is still free: registering it by hand succeeds.
        Assert.Null(Record.Exception(() => registry.AddActivity(new TaskName("askUser"), new ToolActivity(external, this.cancellation))));
    }

    private sealed class Context(string name, string instanceId = "instance") : TaskActivityContext
    {
        public override TaskName Name => new(name);

        public override string InstanceId => instanceId;
    }

    private sealed record Watch(string InstanceId, ToolInvocation Invocation, Action Cancel) : IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            this.Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Records each watch; the test plays the other worker by calling its cancel.</summary>
    private sealed class RecordingWatcher : IToolCancellationWatcher
    {
        public List<Watch> Watches { get; } = [];

        public IAsyncDisposable Watch(string instanceId, ToolInvocation invocation, Action cancel)
        {
            Watch watch = new(instanceId, invocation, cancel);
            lock (this.Watches)
            {
                this.Watches.Add(watch);
            }

            return watch;
        }
    }
}
