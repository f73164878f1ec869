namespace ScriptHarness.Durable.Backends.InMemory;

/// <summary>Settings of the in-memory backend (<c>durable:inMemory</c>): for tests and local runs.</summary>
public sealed class InMemoryBackendOptions
{
    /// <summary>Orchestration work items processed at once.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>Activities run at once.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>
    /// Keeps an orchestration in memory between episodes (DTFx extended sessions) instead of
    /// replaying its history for each new message; DTFx holds at most half of
    /// <see cref="MaxConcurrentOrchestrations"/> sessions at once.
    /// </summary>
    public bool ExtendedSessionsEnabled { get; set; }

    /// <summary>How long an extended session waits for a new message before it ends.</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an abandoned orchestration work item waits before it is offered again.</summary>
    public TimeSpan AbandonDelay { get; set; } = TimeSpan.FromSeconds(1);
}
