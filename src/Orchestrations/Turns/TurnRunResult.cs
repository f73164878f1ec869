using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Orchestrations.Turns;

/// <summary>How one block of a turn ended.</summary>
/// <param name="BlockIndex">The block's index.</param>
/// <param name="InstanceId">The block's run instance id.</param>
/// <param name="Status">The run's report status; <c>NotRun</c> when an earlier block failed.</param>
public sealed record TurnRunResult(
    int BlockIndex,
    string InstanceId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ScriptRunStatus>))] ScriptRunStatus Status)
{
    /// <summary>The run's output, when it ran to a report.</summary>
    public ScriptRunOutput? Output { get; init; }

    /// <summary>The harness fault that failed the run's orchestration, with our stable code, when one did.</summary>
    public Client.RunFailure? Failure { get; init; }
}
