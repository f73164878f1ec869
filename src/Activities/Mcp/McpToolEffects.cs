using ModelContextProtocol.Protocol;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Mcp;

/// <summary>
/// The policy facts of an MCP tool, from its annotations, believed only for a trusted server:
/// <c>readOnlyHint: true</c> is <see cref="ToolEffect.Read"/> of no workspace path (runs without
/// asking), unless <c>openWorldHint</c> is not false, which adds <see cref="ToolEffect.Network"/>
/// (asks, as every network reach does by default). Anything else (a tool that may write, destroy
/// or has no annotations, and every tool of an untrusted server) is <see cref="ToolEffect.Unknown"/>:
/// the default policy asks. The MCP spec's defaults apply to missing hints (readOnly false,
/// openWorld true).
/// </summary>
internal static class McpToolEffects
{
    public static ToolEffect Of(ToolAnnotations? annotations, bool trusted)
    {
        if (!trusted || annotations?.ReadOnlyHint != true)
        {
            return ToolEffect.Unknown;
        }

        return annotations.OpenWorldHint == false ? ToolEffect.Read : ToolEffect.Read | ToolEffect.Network;
    }
}
