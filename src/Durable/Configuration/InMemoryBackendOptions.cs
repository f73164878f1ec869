namespace ScriptHarness.Durable.Configuration;

/// <summary>Settings of the in-memory backend (<c>durable:inMemory</c>): for tests and local runs.</summary>
public sealed class InMemoryBackendOptions
{
    /// <summary>Orchestration work items processed at once.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>Activities run at once.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>How long an abandoned orchestration work item waits before it is offered again.</summary>
    public TimeSpan AbandonDelay { get; set; } = TimeSpan.FromSeconds(1);
}
