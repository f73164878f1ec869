namespace ScriptHarness.Durable.Backends;

/// <summary>
/// Reads a secret a backend needs (the Azure Storage connection string) by the name of the
/// environment variable host.json gives. A host that takes its secrets out of the process
/// environment at start-up (so no tool child inherits them) registers one that serves the taken
/// values; without one, backends read the environment.
/// </summary>
public interface IDurableSecretReader
{
    /// <summary>The value of the secret held under <paramref name="variable"/>, or null when there is none.</summary>
    string? Read(string variable);
}
