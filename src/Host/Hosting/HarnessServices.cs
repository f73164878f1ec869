using Microsoft.Extensions.Options;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.Backends.Sqlite.Hosting;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Durable.Hosting;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Tools;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Host.Hosting;

/// <summary>Composes the layers into one container: tools, durable backbone (SQLite by default), script orchestrations, the Host's options.</summary>
internal static class HarnessServices
{
    /// <summary>
    /// Registers everything a CLI verb or <c>serve</c> needs from <paramref name="configuration"/>
    /// (the whole host.json): each section bound to its project's options class and validated
    /// when the host starts.
    /// </summary>
    public static IServiceCollection AddScriptHarnessHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddHarnessTools(configuration);
        services.AddScriptHarnessDurable(configuration);
        // The connection string left the environment at start-up (StartupSecrets); the backend reads it here.
        services.AddSingleton<IDurableSecretReader, StartupSecretReader>();
        services.AddSqliteDurableBackend();
        services.AddScriptHarnessOrchestrations(configuration);

        // The script limits are bound by the orchestrations layer; the Host makes a bad value (from an environment override, past the schema) fail at start.
        services.AddOptions<ScriptLimits>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScriptLimits>, ScriptLimitsValidator>();
        services.AddSingleton<IValidateOptions<HarnessHostOptions>, HarnessHostOptionsValidator>();
        services.AddOptions<HarnessHostOptions>().Bind(configuration.GetSection(HarnessHostOptions.SectionName)).ValidateOnStart();
        services.AddScriptHarnessTelemetry(configuration);
        services.AddSingleton<Turns.TurnParser>();
        services.AddSingleton<Turns.TurnFollowUps>();
        return services;
    }
}
