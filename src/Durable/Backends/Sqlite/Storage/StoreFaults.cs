namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// Named points inside a write at which a test can make the store fail (fault injection): each
/// step of an orchestration checkpoint and the COMMIT itself. Inert unless a test sets
/// <see cref="Inject"/>.
/// </summary>
internal sealed class StoreFaults
{
    public const string CheckpointHistoryStep = "checkpoint:history";
    public const string CheckpointActivitiesStep = "checkpoint:activities";
    public const string CheckpointTimersStep = "checkpoint:timers";
    public const string CheckpointMessagesStep = "checkpoint:messages";
    public const string CheckpointConsumeStep = "checkpoint:consume";
    public const string CheckpointInstanceStep = "checkpoint:instance";
    public const string ActivityCompletionStep = "activity:completion";
    public const string CommitStep = "commit";

    public static readonly IReadOnlyList<string> CheckpointSteps =
    [
        CheckpointHistoryStep,
        CheckpointActivitiesStep,
        CheckpointTimersStep,
        CheckpointMessagesStep,
        CheckpointConsumeStep,
        CheckpointInstanceStep,
        CommitStep,
    ];

    /// <summary>Called with each step's name; a test makes it throw to fail that step.</summary>
    public Action<string>? Inject { get; set; }

    public void Step(string name) => this.Inject?.Invoke(name);
}
