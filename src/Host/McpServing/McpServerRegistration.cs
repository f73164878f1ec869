using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// The ScriptHarness MCP server's tools and resource on the SDK's server builder; the caller picks
/// the transport (stdio for <c>scriptharness mcp</c>, Streamable HTTP at <c>/mcp</c> for <c>serve</c>).
/// </summary>
internal static class McpServerRegistration
{
    /// <summary>The name the server announces.</summary>
    public const string ServerName = "scriptharness";

    private const string Instructions =
        "ScriptHarness runs JavaScript durably: call run_script with a script that uses the tools declared in the resource " +
        "scriptharness://tools.d.ts (read it first). A run may pause for a human's approval: its pending calls are listed; " +
        "decide them with decide_call (or the user is asked directly when this client supports elicitation). Runs survive " +
        "restarts: get_run finds any run by id, from any session.";

    /// <summary>Adds the MCP server with the harness's tools; the container must also hold <c>AddScriptHarnessHost</c>.</summary>
    public static IMcpServerBuilder AddScriptHarnessMcpServer(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RunFollower>();
        services.PostConfigure<McpServerOptions>(PortableInputSchemas.Apply);
        string version = typeof(McpServerRegistration).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        return services
            .AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = ServerName, Title = "ScriptHarness", Version = version };
                o.ServerInstructions = Instructions;
            })
            .WithTools<ScriptHarnessMcpTools>()
            .WithResources<ToolDeclarationResource>();
    }
}
