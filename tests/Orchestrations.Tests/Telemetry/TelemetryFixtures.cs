using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Telemetry;

/// <summary>The in-memory backend without extended sessions: every episode replays the script.</summary>
public sealed class InMemoryTelemetryFixture : HarnessFixture
{
    protected override void AdjustSettings(Dictionary<string, string?> settings) =>
        settings["durable:inMemory:extendedSessionsEnabled"] = "false";
}

/// <summary>The SQLite store with extended sessions (live-run caching) off: every episode replays the script.</summary>
public sealed class SqliteTelemetryFixture : SqliteHarnessFixtureBase
{
    protected override void AdjustSettings(Dictionary<string, string?> settings)
    {
        base.AdjustSettings(settings);
        settings["durable:sqlite:extendedSessionsEnabled"] = "false";
    }
}

// Alone (not in parallel with other collections): the meter's listeners are process-wide, so
// another test's runs would count in these metrics.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InMemoryTelemetryCollection : ICollectionFixture<InMemoryTelemetryFixture>
{
    public const string Name = "telemetry-inmemory";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqliteTelemetryCollection : ICollectionFixture<SqliteTelemetryFixture>
{
    public const string Name = "telemetry-sqlite";
}
