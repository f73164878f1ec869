using ScriptHarness.Durable.Backends.InMemory;

namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>The conformance host on the in-memory backend with extended sessions on.</summary>
public sealed class InMemoryExtendedSessionsFixture : DurableBackendFixture
{
    public override string BackendName => InMemoryDurableBackend.BackendName;

    protected override IEnumerable<KeyValuePair<string, string?>> BackendSettings() =>
    [
        new("durable:inMemory:maxConcurrentOrchestrations", "50"),
        new("durable:inMemory:maxConcurrentActivities", "50"),
        new("durable:inMemory:abandonDelay", "00:00:00.200"),
        new("durable:inMemory:extendedSessionsEnabled", "true"),
        // Short, so that stopping the host does not wait on idle sessions.
        new("durable:inMemory:extendedSessionIdleTimeout", "00:00:01"),
    ];
}
