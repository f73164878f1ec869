namespace ScriptHarness.Durable.History;

/// <summary>The parent orchestration of a sub-orchestration.</summary>
public sealed record DurableParentInstance
{
    /// <summary>The parent's orchestration name.</summary>
    public required string Name { get; init; }

    /// <summary>The parent's instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The id of the task in the parent that created the sub-orchestration.</summary>
    public int TaskScheduledId { get; init; }
}
