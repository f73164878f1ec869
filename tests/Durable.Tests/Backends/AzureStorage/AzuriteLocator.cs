namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>Finds node and the Azurite entry script that <c>npm ci</c> installed at the repository root.</summary>
public static class AzuriteLocator
{
    /// <summary>What to do when Azurite is not installed.</summary>
    public const string InstallHint = "Install it with `npm ci` at the repository root (scripts/test.sh does), or point SCRIPTHARNESS_AZURITE at azurite/dist/src/azurite.js.";

    private const string EntryRelative = "node_modules/azurite/dist/src/azurite.js";

    /// <summary>SCRIPTHARNESS_AZURITE if set, else the first <c>node_modules/azurite</c> found walking up from the test binaries.</summary>
    public static string FindEntry()
    {
        string? configured = Environment.GetEnvironmentVariable("SCRIPTHARNESS_AZURITE");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, EntryRelative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new AzuriteUnavailableException($"No {EntryRelative} above {AppContext.BaseDirectory}. {InstallHint}");
    }

    /// <summary>SCRIPTHARNESS_NODE if set, else <c>node</c> from PATH.</summary>
    public static string FindNode()
    {
        string? configured = Environment.GetEnvironmentVariable("SCRIPTHARNESS_NODE");
        return string.IsNullOrWhiteSpace(configured) ? "node" : configured;
    }
}
