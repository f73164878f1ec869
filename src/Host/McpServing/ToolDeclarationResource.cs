using System.ComponentModel;
using ModelContextProtocol.Server;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Host.Tools;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// The resource <c>list_tools</c>: the TypeScript declaration of the <c>tools</c> object a script
/// can call, the same text as <c>scriptharness tools --typescript</c>, for the model's prompt.
/// </summary>
[McpServerResourceType]
internal sealed class ToolDeclarationResource(ToolRegistry registry, IConfiguration configuration)
{
    /// <summary>The resource's URI.</summary>
    public const string Uri = "scriptharness://tools.d.ts";

    [McpServerResource(UriTemplate = Uri, Name = "list_tools", Title = "Tools a script can call", MimeType = "application/typescript")]
    [Description("The TypeScript declaration of the tools object available to run_script's scripts (tools.exec, tools.readFile, …), with each tool's arguments and result.")]
    public string Read() => ToolDeclarations.For(registry, configuration);
}
