using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// Reads a finished run's completed calls, in call order, for a run that continues it: each tool
/// activity that returned a result or a typed tool error (from the history), and the calls the
/// run itself reused from the run before it (from its input: a continued run's reused calls are
/// its first calls). A call that never ran (denied, expired, cancelled before it started) or whose
/// worker faulted is not completed and is left out.
/// </summary>
internal static class RecordedCalls
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<RecordedCall> From(string runId, ScriptRunInput input, int reusedByRun, IReadOnlyList<DurableHistoryEvent> history)
    {
        if (input.Context.Mode == FeatureMode.DryRun)
        {
            // No tool ran in a dry run: there is nothing to reuse.
            return [];
        }

        SortedDictionary<int, RecordedCall> calls = [];
        IReadOnlyList<RecordedCall> earlier = input.Continuation?.Calls ?? [];
        for (int i = 0; i < Math.Min(reusedByRun, earlier.Count); i++)
        {
            calls[i + 1] = earlier[i] with { CallId = i + 1 };
        }

        Dictionary<int, (int CallId, string Tool, JsonElement Args)> scheduled = [];
        foreach (DurableHistoryEvent e in history)
        {
            switch (e.Type)
            {
                case "taskScheduled" when e.Name is { } tool && Invocation(runId, e.Input) is { } invocation:
                    scheduled[e.EventId] = (invocation.CallId, tool, invocation.Args);
                    break;
                case "taskCompleted" when e.TaskScheduledId is { } id && scheduled.Remove(id, out var done):
                    calls[done.CallId] = new RecordedCall(done.CallId, done.Tool, done.Args) { Result = ToElement(e.Output) };
                    break;
                case "taskFailed" when e.TaskScheduledId is { } id && scheduled.Remove(id, out var failed)
                    && ToolActivityException.TryReadError(e.Failure?.ErrorType, e.Failure?.ErrorMessage, out ScriptError? error):
                    calls[failed.CallId] = new RecordedCall(failed.CallId, failed.Tool, failed.Args) { Error = error };
                    break;
            }
        }

        return [.. calls.Values];
    }

    /// <summary>The tool invocation of one of the run's own calls; null for any other activity (the cancel activity).</summary>
    private static ToolInvocation? Invocation(string runId, JsonNode? input)
    {
        if (input is not JsonObject)
        {
            return null;
        }

        try
        {
            ToolInvocation? invocation = input.Deserialize<ToolInvocation>(Web);
            return invocation is not null && invocation.IsCallOf(runId) ? invocation : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement ToElement(JsonNode? node) =>
        node is null ? JsonDocument.Parse("null").RootElement.Clone() : JsonSerializer.SerializeToElement(node);
}
