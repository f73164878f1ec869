using ScriptHarness.Durable.Backends.InMemory;

namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>The conformance host on the in-memory backend.</summary>
public sealed class InMemoryBackendFixture : DurableBackendFixture
{
    public override string BackendName => InMemoryDurableBackend.BackendName;

    protected override IEnumerable<KeyValuePair<string, string?>> BackendSettings() =>
    [
        new("durable:inMemory:maxConcurrentOrchestrations", "50"),
        new("durable:inMemory:maxConcurrentActivities", "50"),
        new("durable:inMemory:abandonDelay", "00:00:00.200"),
    ];
}
