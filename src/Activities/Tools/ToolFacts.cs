using System.Text.Json;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Tools;

/// <summary>
/// Builds the built-in tools' policy facts (<see cref="ToolDescriptor.Facts"/>) with the tools'
/// own argument readers, so the policy judges what the tool will really do.
/// </summary>
internal static class ToolFacts
{
    /// <summary>
    /// Runs <paramref name="reader"/>; a <see cref="ToolException"/> from the tool's own readers
    /// means the tool refuses these arguments before touching anything, and becomes a refusal.
    /// </summary>
    public static ToolCallFacts Read(Func<ToolCallFacts> reader)
    {
        try
        {
            return reader();
        }
        catch (ToolException e)
        {
            return ToolCallFacts.Refused(e.Error.Message);
        }
    }

    /// <summary>
    /// The facts of a tool that touches the one path its argument <paramref name="name"/> names
    /// (the workspace root when the argument is absent and optional).
    /// </summary>
    public static Func<JsonElement, ToolCallFacts> PathArgument(string tool, string name, bool required) =>
        args => Read(() =>
        {
            ToolArguments read = ToolArguments.Open(tool, args);
            string path = required ? read.RequiredString(name) : read.OptionalString(name) ?? ".";
            return ToolCallFacts.OfPaths(path);
        });
}
