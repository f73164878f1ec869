namespace ScriptHarness.Durable.Testing.FaultInjection;

/// <summary>
/// A named moment in the life of a work item where <see cref="FaultInjectingOrchestrationService"/>
/// can fail or kill the process. Names on the command line are kebab-case
/// (<c>before-orchestration-checkpoint</c>, …).
/// </summary>
public enum FaultPoint
{
    /// <summary>The orchestration ran its episode; its new history and messages are not yet committed.</summary>
    BeforeOrchestrationCheckpoint,

    /// <summary>Like <see cref="BeforeOrchestrationCheckpoint"/>, only for an episode that received an activity's result.</summary>
    BeforeCheckpointOfActivityResult,

    /// <summary>The orchestration's checkpoint is committed.</summary>
    AfterOrchestrationCheckpoint,

    /// <summary>An activity ran and returned; its result is not yet committed (the activity will run again).</summary>
    BeforeActivityCompletion,

    /// <summary>An activity's result is committed; the orchestration has not yet checkpointed it.</summary>
    AfterActivityCompletion,
}
