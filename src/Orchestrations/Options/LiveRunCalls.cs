using Microsoft.Extensions.Configuration;
using ScriptHarness.Durable.Backends.AzureStorage;
using ScriptHarness.Durable.Backends.InMemory;
using ScriptHarness.Durable.Backends.Sqlite.Hosting;
using ScriptHarness.Durable.Options;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Orchestrations.Options;

/// <summary>
/// Bounds long scripts where every episode replays the script. Without live-run caching (the
/// backend's extended sessions) episode k re-runs the script through its first k calls, so an
/// N-call run costs about N²/2 replayed calls: 1,000 calls replay half a million. The cap is
/// applied to the limits written into the run's input when it starts, so a replay (on any
/// worker, whatever its settings) decides exactly as the first episode did, and the script meets
/// it as the ordinary <c>toolCalls</c> limit.
/// </summary>
internal static class LiveRunCalls
{
    /// <summary>
    /// Whether the backend named in <paramref name="configuration"/>'s <c>durable</c> section keeps
    /// live runs between episodes; null for a backend this project does not ship (unknown: off).
    /// </summary>
    public static bool? CachingOf(IConfiguration configuration)
    {
        // The two keys only (defaults from the backends' own settings): the durable section is
        // bound and validated by the durable layer, which reports its own mistakes.
        DurableOptions defaults = new();
        IConfigurationSection section = configuration.GetSection(DurableOptions.SectionName);
        string backend = section["backend"] is { Length: > 0 } named ? named : defaults.Backend;
        bool? configured = bool.TryParse(section[$"{backend}:extendedSessionsEnabled"], out bool value) ? value : null;
        // Backend names are matched as the backend selector matches them: case aside.
        return Named(backend, SqliteDurableBackend.BackendName) ? configured ?? defaults.Sqlite.ExtendedSessionsEnabled
            : Named(backend, InMemoryDurableBackend.BackendName) ? configured ?? defaults.InMemory.ExtendedSessionsEnabled
            : Named(backend, AzureStorageDurableBackend.BackendName) ? configured ?? defaults.AzureStorage.ExtendedSessionsEnabled
            : null;
    }

    private static bool Named(string backend, string name) => string.Equals(backend, name, StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="limits"/>, its <see cref="ScriptLimits.MaxToolCalls"/> lowered to the cap when live-run caching is off.</summary>
    public static ScriptLimits Cap(ScriptLimits limits, OrchestrationsOptions options)
    {
        if (options.LiveRunCaching != true && limits.MaxToolCalls > options.MaxToolCallsWithoutCaching)
        {
            limits.MaxToolCalls = options.MaxToolCallsWithoutCaching;
        }

        return limits;
    }
}
