using ScriptHarness.Durable.Backends;

namespace ScriptHarness.Host.Hosting;

/// <summary>
/// Serves the durable backend the secrets <see cref="StartupSecrets"/> took out of the environment
/// (the Azure Storage connection string); a variable it did not take is read from the environment
/// as the backend would.
/// </summary>
internal sealed class StartupSecretReader : IDurableSecretReader
{
    /// <inheritdoc />
    public string? Read(string variable) => StartupSecrets.Find(variable) ?? Environment.GetEnvironmentVariable(variable);
}
