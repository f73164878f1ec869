using ScriptHarness.Durable.Backends.AzureStorage;
using ScriptHarness.Durable.Options;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Http;

namespace ScriptHarness.Host.Hosting;

/// <summary>
/// The secrets the host reads from the environment (the API key, the Azure Storage connection
/// string, the notification targets' signing secrets) are read from their variables once, when a verb starts, and the variables are then
/// removed from this process's environment, so no child the worker starts (a tool's process, a
/// shell, git) inherits them and no code asking the environment later finds them. Only the key's
/// digest (<see cref="ApiKey"/>) is kept; the connection string is kept for the durable backend,
/// which reads it through <see cref="StartupSecretReader"/>.
/// </summary>
/// <remarks>
/// Removing the variable changes the environment the runtime hands to children and to
/// <see cref="Environment.GetEnvironmentVariables()"/>; it cannot change the initial environment
/// block the kernel keeps for the process, which <c>/proc/&lt;pid&gt;/environ</c> still shows to
/// any process of the same user. That is why exec runs in its own pid namespace without the host's
/// <c>/proc</c> (the bubblewrap sandbox): a tool child cannot read the worker's initial block.
/// </remarks>
internal static class StartupSecrets
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, string> Taken = new(StringComparer.Ordinal);
    private static ApiKey? apiKey;

    /// <summary>The API key taken at start-up, or null when its variable was empty or missing.</summary>
    public static ApiKey? ApiKey
    {
        get
        {
            lock (Gate)
            {
                return apiKey;
            }
        }
    }

    /// <summary>
    /// Takes the API key from the variable <c>host:http:apiKeyVariable</c> of <paramref name="configuration"/>
    /// names, and the connection string from the one <c>durable:azureStorage:connectionStringVariable</c>
    /// names, and removes both from the environment. Called again (another verb in the same process, a
    /// test), it keeps what was already taken when the variable is gone.
    /// </summary>
    public static void Capture(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string variable = configuration[$"{HarnessHostOptions.SectionName}:http:apiKeyVariable"] is { Length: > 0 } named
            ? named
            : new HarnessHostOptions().Http.ApiKeyVariable;
        ApiKey? taken = ApiKey.FromSecret(Take(variable));
        string connectionVariable = configuration[$"{DurableOptions.SectionName}:azureStorage:connectionStringVariable"] is { Length: > 0 } connectionNamed
            ? connectionNamed
            : new AzureStorageBackendOptions().ConnectionStringVariable;
        string? connection = Take(connectionVariable);
        // The notification targets' signing secrets (notifications:targets:N:secretVariable), served to the webhook notifier.
        List<(string Variable, string Value)> signing = [];
        foreach (IConfigurationSection target in configuration.GetSection("notifications:targets").GetChildren())
        {
            if (target["secretVariable"] is { Length: > 0 } secretVariable && Take(secretVariable) is { Length: > 0 } secret)
            {
                signing.Add((secretVariable, secret));
            }
        }

        lock (Gate)
        {
            apiKey = taken ?? apiKey;
            if (!string.IsNullOrEmpty(connection))
            {
                Taken[connectionVariable] = connection;
            }

            foreach ((string signingVariable, string value) in signing)
            {
                Taken[signingVariable] = value;
            }
        }
    }

    /// <summary>A secret taken by <see cref="Capture"/> (other than the API key), by its variable's name; null when none was.</summary>
    public static string? Find(string variable)
    {
        lock (Gate)
        {
            return Taken.GetValueOrDefault(variable);
        }
    }

    /// <summary>Reads <paramref name="variable"/> and removes it from this process's environment.</summary>
    public static string? Take(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        string? value = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, null);
        return value;
    }
}
