using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Mcp;
using ScriptHarness.Activities.Mcp.Options;
using ScriptHarness.Activities.Options;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Search;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.DependencyInjection;

/// <summary>Registers the tools with Microsoft.Extensions.DependencyInjection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the built-in tools, the host's tools (<paramref name="configureTools"/>), a
    /// singleton <see cref="ToolRegistry"/> and <see cref="ToolCancellation"/>, and
    /// <see cref="ActivitiesOptions"/> (bound to <paramref name="configuration"/>'s
    /// <c>activities</c> section when given, validated at start: a bad key fails start-up by name,
    /// and <c>exec.sandbox: none</c> logs a warning), and the MCP servers of the <c>mcp</c> section,
    /// whose tools join the registry as <c>mcp.&lt;server&gt;.&lt;tool&gt;</c> (each server is
    /// started when the registry is built and stopped when the service provider is disposed).
    /// </summary>
    public static IServiceCollection AddScriptHarnessTools(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Action<ToolRegistryBuilder>? configureTools = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<ActivitiesOptions> options = services.AddOptions<ActivitiesOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ActivitiesOptions.SectionName));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ActivitiesOptions>, ActivitiesOptionsValidator>());

        // MCP servers (host.json "mcp"): their tools join the registry, listed from each server once.
        OptionsBuilder<McpOptions> mcp = services.AddOptions<McpOptions>();
        if (configuration is not null)
        {
            mcp.Bind(configuration.GetSection(McpOptions.SectionName));
        }

        mcp.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpOptions>, McpOptionsValidator>());
        services.TryAddSingleton<McpServerPool>();

        var builder = new ToolRegistryBuilder();
        configureTools?.Invoke(builder);
        services.TryAddSingleton<ToolCancellation>();
        services.TryAddSingleton(sp =>
        {
            ActivitiesOptions settings = sp.GetRequiredService<IOptions<ActivitiesOptions>>().Value;
            IEnumerable<ITool> tools = BuiltInTools.Create(settings).Concat(builder.Factories.Select(f => f(sp)));
            McpServerPool servers = sp.GetRequiredService<McpServerPool>();
            if (servers.Connections.Any())
            {
                tools = tools.Concat(McpToolCatalog.List(servers));
            }

            return new ToolRegistry(tools);
        });
        return services;
    }
}
