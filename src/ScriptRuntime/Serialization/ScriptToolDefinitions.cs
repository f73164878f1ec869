using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>
/// The declaration of the <c>script</c> tool in each provider's <c>tools</c> list. Providers check
/// that calls in the history name a declared tool, so a host that sends serialized script calls
/// back declares this tool too.
/// </summary>
public static class ScriptToolDefinitions
{
    /// <summary>The description the model reads.</summary>
    public const string Description =
        "Records a JavaScript script you wrote between <tool-calls> and </tool-calls> in your reply, and its output. " +
        "To run a script, write it in your reply text inside those tags.";

    /// <summary>The tool declaration for <paramref name="format"/> (<see cref="IProviderFormat.DeclareScriptTool"/>).</summary>
    public static JsonObject For(IProviderFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.DeclareScriptTool();
    }
}
