using System.Text.Json.Nodes;
using ScriptHarness.Durable.History;
using ScriptHarness.Host.Cli;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Dashboard;

/// <summary>What a run's page shows: its view as the HTTP API gives it, its script, its timeline, a turn's runs.</summary>
internal sealed record RunModel(RunView View, RunResponse Response)
{
    public string? Script { get; init; }

    public string? Workspace { get; init; }

    public string? Conversation { get; init; }

    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    public IReadOnlyList<string>? TurnRuns { get; init; }

    public bool Finished => RunWatcher.IsFinished(this.View.RuntimeStatus);

    /// <summary>The calls waiting now (a finished run's last status waits for nothing), with their arguments as recorded.</summary>
    public IReadOnlyList<PendingCall> Pending => this.Finished ? [] : this.View.Status?.Pending ?? [];

    /// <summary>The calls made on each line of the script (1-based), from the report and the waiting calls.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<int>> CallLines
    {
        get
        {
            IEnumerable<(int Line, int Call)> calls = (this.Response.Report?.Calls ?? []).Where(c => c.Line > 0).Select(c => (c.Line, c.Id))
                .Concat(this.Response.Pending.Where(p => p.Line is > 0).Select(p => (p.Line!.Value, p.CallId)));
            return calls.GroupBy(c => c.Line).ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(c => c.Call).Distinct().Order()]);
        }
    }

    public static async Task<RunModel?> LoadAsync(ScriptRunClient runs, string id, CancellationToken cancellationToken)
    {
        RunView? view = await runs.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return null;
        }

        RunResponse response = RunResponse.From(view, baseUrl: string.Empty);
        IReadOnlyList<string>? turnRuns = view.Status is null && view.Output is null && !view.Planned
            ? await runs.GetTurnRunIdsAsync(id, cancellationToken).ConfigureAwait(false)
            : null;
        IReadOnlyList<DurableHistoryEvent> history = [];
        if (!view.Planned)
        {
            try
            {
                history = await runs.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (ScriptRunClientException)
            {
                // No history yet (the instance is being created): the page shows the status alone.
            }
        }

        JsonNode? input = history.FirstOrDefault(e => e.Type == "executionStarted")?.Input;
        JsonNode? context = Json.Get(input, "context");
        return new RunModel(view, response)
        {
            Script = Json.Get(input, "script") is JsonValue s && s.TryGetValue(out string? script) ? script : null,
            Workspace = Json.Text(context, "workspace"),
            Conversation = Json.Text(context, "conversationId") ?? Json.Text(input, "conversationId"),
            Timeline = RunTimeline.From(history),
            TurnRuns = turnRuns,
        };
    }
}
