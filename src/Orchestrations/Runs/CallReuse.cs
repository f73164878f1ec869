using System.Text.Json;
using ScriptHarness.ScriptRuntime.Execution;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The reuse cursor of a continued run: walks the earlier run's completed calls in order and
/// hands back the recorded outcome while the script's next call names the same tool with equal
/// arguments (JSON equality: property order and number spelling do not matter). The first
/// difference ends reuse for the rest of the run. Pure: reads only the run's input.
/// </summary>
internal sealed class CallReuse
{
    private readonly IReadOnlyList<RecordedCall> recorded;
    private int next;
    private bool ended;

    public CallReuse(RunContinuation? continuation)
    {
        this.recorded = continuation?.Calls ?? [];
        this.ended = this.recorded.Count == 0;
    }

    /// <summary>How many calls were reused so far.</summary>
    public int Count => this.next;

    /// <summary>The recorded outcome for <paramref name="request"/>, or null (and reuse ends) when it differs.</summary>
    public ToolOutcome? Take(ToolCallRequest request)
    {
        if (this.ended)
        {
            return null;
        }

        RecordedCall candidate = this.recorded[this.next];
        if (!string.Equals(candidate.Tool, request.Tool, StringComparison.Ordinal) || !JsonElement.DeepEquals(candidate.Args, request.Args))
        {
            this.ended = true;
            return null;
        }

        this.next++;
        this.ended = this.next == this.recorded.Count;
        ToolOutcome outcome = candidate.Error is { } error
            ? ToolOutcome.Failure(error)
            : ToolOutcome.Success(candidate.Result ?? JsonDocument.Parse("null").RootElement);
        return outcome with { Reused = true };
    }
}
