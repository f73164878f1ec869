using ScriptHarness.Activities.Registry;
using ScriptHarness.ScriptRuntime.Declarations;

namespace ScriptHarness.Host.Tools;

/// <summary>
/// The TypeScript declaration of the host's tools as every door shows it (<c>tools --typescript</c>,
/// <c>GET /api/tools</c>, the MCP server's <c>list_tools</c>): in full, or, above host.json
/// <c>toolDiscovery:threshold</c> tools, names and summaries with <c>tools.$describe</c>/<c>$search</c>.
/// </summary>
internal static class ToolDeclarations
{
    public static string For(ToolRegistry registry, IConfiguration configuration) =>
        ToolDeclarationGenerator.Generate(registry.Descriptors, configuration.GetSection(ToolDiscoveryOptions.SectionName).Get<ToolDiscoveryOptions>());
}
