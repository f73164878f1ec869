using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Http;

namespace ScriptHarness.Host.Hosting;

/// <summary>
/// The API key is read from its environment variable once, when a verb starts, and the variable is
/// then removed from this process's environment, so no child the worker starts (a tool's process,
/// a shell, git) inherits it and no code asking the environment later finds it. Only the key's
/// digest (<see cref="ApiKey"/>) is kept.
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
    /// names and removes it from the environment. Called again (another verb in the same process, a
    /// test), it keeps a key already taken when the variable is gone.
    /// </summary>
    public static void Capture(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string variable = configuration[$"{HarnessHostOptions.SectionName}:http:apiKeyVariable"] is { Length: > 0 } named
            ? named
            : new HarnessHostOptions().Http.ApiKeyVariable;
        ApiKey? taken = ApiKey.FromSecret(Take(variable));
        lock (Gate)
        {
            apiKey = taken ?? apiKey;
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
