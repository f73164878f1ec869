namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>
/// The end-to-end host on the embedded SQLite store (synchronous FULL, extended sessions on:
/// the product's defaults), in a temporary folder.
/// </summary>
public sealed class SqliteHarnessFixture : SqliteHarnessFixtureBase;

/// <summary>The SQLite host, to derive fixtures with more settings from.</summary>
public class SqliteHarnessFixtureBase : HarnessFixture
{
    private readonly string folder = Directory.CreateTempSubdirectory("orchestrations-sqlite-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(this.folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected override void AdjustSettings(Dictionary<string, string?> settings)
    {
        foreach (string key in settings.Keys.Where(k => k.StartsWith("durable:inMemory:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }

        settings["durable:backend"] = "sqlite";
        settings["durable:sqlite:databasePath"] = Path.Combine(this.folder, "harness.db");
        settings["durable:sqlite:maxConcurrentOrchestrations"] = "50";
        settings["durable:sqlite:maxConcurrentActivities"] = "50";
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteHarnessCollection : ICollectionFixture<SqliteHarnessFixture>
{
    public const string Name = "harness-sqlite";
}
