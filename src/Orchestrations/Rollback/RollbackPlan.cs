using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Durable.History;

namespace ScriptHarness.Orchestrations.Rollback;

/// <summary>
/// What undoing a run's edits takes, read from its history: every <c>applyPatch</c> call that
/// completed, newest first, with the inverse patch and file hashes its result carried. The
/// inverses become one patch (so the undo is all-or-nothing across files, as one applyPatch is)
/// and the newest hash of each file becomes its expected state, so a file changed since the run
/// is a conflict naming it and nothing is written.
/// </summary>
internal sealed class RollbackPlan
{
    private const string PatchTool = "applyPatch";
    private const string Begin = "*** Begin Patch\n";
    private const string End = "*** End Patch\n";

    private RollbackPlan(IReadOnlyList<PatchCall> calls) => this.Calls = calls;

    /// <summary>The completed applyPatch calls, newest first.</summary>
    public IReadOnlyList<PatchCall> Calls { get; }

    /// <summary>Reads the plan from a run's audit history.</summary>
    public static RollbackPlan From(IReadOnlyList<DurableHistoryEvent> history)
    {
        Dictionary<int, DurableHistoryEvent> scheduled = history
            .Where(e => e.Type == "taskScheduled" && e.Name == PatchTool)
            .ToDictionary(e => e.EventId);
        List<PatchCall> calls = [];
        foreach (DurableHistoryEvent done in history.Where(e => e.Type == "taskCompleted").OrderByDescending(e => e.Sequence))
        {
            if (done.TaskScheduledId is not { } taskId || !scheduled.TryGetValue(taskId, out DurableHistoryEvent? start) || done.Output is not JsonObject result)
            {
                continue;
            }

            int callId = start.Input is JsonObject input && input["CallSeq"] is JsonValue seq && seq.TryGetValue(out int id) ? id : taskId;
            calls.Add(new PatchCall(
                callId,
                result["inversePatch"]?.GetValue<string>() ?? string.Empty,
                result["inverseComplete"]?.GetValue<bool>() ?? false,
                result["sha256"] is JsonObject hashes ? hashes.ToDictionary(h => h.Key, h => h.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal) : null));
        }

        return new RollbackPlan(calls);
    }

    /// <summary>The inverse patches in one patch, newest call's operations first.</summary>
    public string CombinedPatch()
    {
        StringBuilder patch = new(Begin);
        foreach (PatchCall call in this.Calls)
        {
            string inverse = call.InversePatch;
            int from = inverse.StartsWith(Begin, StringComparison.Ordinal) ? Begin.Length : 0;
            int to = inverse.EndsWith(End, StringComparison.Ordinal) ? inverse.Length - End.Length : inverse.Length;
            patch.Append(inverse, from, Math.Max(0, to - from));
        }

        return patch.Append(End).ToString();
    }

    /// <summary>Whether the combined patch has any operation (calls that changed nothing have empty inverses).</summary>
    public bool HasOperations => this.CombinedPatch().Length > Begin.Length + End.Length;

    /// <summary>Each file's state after the run: the hash reported by the newest call that touched it (calls from before hashes were recorded add none).</summary>
    public IReadOnlyDictionary<string, string> Expected()
    {
        Dictionary<string, string> expected = new(StringComparer.Ordinal);
        foreach (PatchCall call in this.Calls)
        {
            foreach ((string path, string hash) in call.Hashes ?? new Dictionary<string, string>())
            {
                expected.TryAdd(path, hash);
            }
        }

        return expected;
    }

    /// <summary>The rollback run's script: one applyPatch call with the combined inverse and the expected hashes.</summary>
    public string Script(string runId)
    {
        string calls = string.Join(", ", this.Calls.Select(c => c.CallId.ToString(CultureInfo.InvariantCulture)));
        string args = JsonSerializer.Serialize(new { patch = this.CombinedPatch(), expect = this.Expected() });
        return $"// Rollback of run {runId}: the inverse patches of its applyPatch calls {calls}, newest first, all or nothing.\nreturn await tools.applyPatch({args});\n";
    }

    /// <summary>One completed applyPatch call.</summary>
    /// <param name="CallId">The call's id in the run.</param>
    /// <param name="InversePatch">The inverse patch its result carried.</param>
    /// <param name="InverseComplete">Whether the inverse undoes the whole call.</param>
    /// <param name="Hashes">Each file it touched and its SHA-256 afterwards; null for results recorded before hashes were.</param>
    internal sealed record PatchCall(int CallId, string InversePatch, bool InverseComplete, IReadOnlyDictionary<string, string>? Hashes);
}
