namespace ScriptHarness.Activities.Mcp.Options;

/// <summary>
/// The <c>mcp</c> section of host.json: the MCP servers whose tools scripts call as
/// <c>tools.mcp.&lt;server&gt;.&lt;tool&gt;(args)</c>.
/// </summary>
public sealed class McpOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "mcp";

    /// <summary>The servers by name; a name is a JavaScript identifier (<c>tools.mcp.&lt;name&gt;</c>).</summary>
    public Dictionary<string, McpServerOptions> Servers { get; init; } = new(StringComparer.Ordinal);
}
