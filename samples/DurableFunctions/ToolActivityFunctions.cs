using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Search;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Samples.DurableFunctions;

/// <summary>
/// Each built-in tool as an activity function named for the tool, as the run orchestrator calls
/// it, running the same <see cref="ToolActivity"/> as the harness's own worker (idempotency key,
/// cancellation, typed errors). A host tool added to the registry needs one more method here:
/// function names are attributes, fixed at build time.
/// </summary>
public sealed class ToolActivityFunctions(ToolRegistry tools, ToolCancellation cancellation, IToolCancellationWatcher? watcher = null)
{
    /// <summary>exec, in its bubblewrap sandbox.</summary>
    [Function(ExecTool.ToolName)]
    public Task<JsonElement> Exec([ActivityTrigger] ToolInvocation input, FunctionContext context) => this.RunAsync(ExecTool.ToolName, input, context);

    /// <summary>applyPatch.</summary>
    [Function(ApplyPatchTool.ToolName)]
    public Task<JsonElement> ApplyPatch([ActivityTrigger] ToolInvocation input, FunctionContext context) => this.RunAsync(ApplyPatchTool.ToolName, input, context);

    /// <summary>readFile.</summary>
    [Function(ReadFileTool.ToolName)]
    public Task<JsonElement> ReadFile([ActivityTrigger] ToolInvocation input, FunctionContext context) => this.RunAsync(ReadFileTool.ToolName, input, context);

    /// <summary>listDir.</summary>
    [Function(ListDirTool.ToolName)]
    public Task<JsonElement> ListDir([ActivityTrigger] ToolInvocation input, FunctionContext context) => this.RunAsync(ListDirTool.ToolName, input, context);

    /// <summary>fileSearch.</summary>
    [Function(FileSearchTool.ToolName)]
    public Task<JsonElement> FileSearch([ActivityTrigger] ToolInvocation input, FunctionContext context) => this.RunAsync(FileSearchTool.ToolName, input, context);

    /// <summary>grep.</summary>
    [Function(GrepTool.ToolName)]
    public Task<JsonElement> Grep([ActivityTrigger] ToolInvocation input, FunctionContext context) => this.RunAsync(GrepTool.ToolName, input, context);

    /// <summary>The run's request to cancel calls running on this worker.</summary>
    [Function(CancelToolCallsActivity.Name)]
    public Task<int> CancelToolCalls([ActivityTrigger] IReadOnlyList<string> idempotencyKeys, FunctionContext context) =>
        new CancelToolCallsActivity(cancellation).RunAsync(new FunctionActivityContext(CancelToolCallsActivity.Name, InstanceId(context)), idempotencyKeys);

    private Task<JsonElement> RunAsync(string tool, ToolInvocation input, FunctionContext context) =>
        new ToolActivity(tools.Get(tool), cancellation, watcher).RunAsync(new FunctionActivityContext(tool, InstanceId(context)), input);

    // The Durable extension puts the calling orchestration's id in the activity's binding data.
    private static string InstanceId(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) && id is not null ? id.ToString()! : string.Empty;
}
