using System.Text.Json;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// The policy facts of an <c>applyPatch</c> call, read by the tool's own patch parser: every
/// file the patch adds, updates, deletes, and every file it moves one to, as written.
/// </summary>
internal static class PatchFacts
{
    /// <summary>The facts of the call with arguments <paramref name="args"/>.</summary>
    public static ToolCallFacts Read(JsonElement args) => ToolFacts.Read(() =>
    {
        List<string> paths = [];
        foreach (PatchOperation operation in ApplyPatchTool.ReadOperations(ToolArguments.Open(ApplyPatchTool.ToolName, args)))
        {
            paths.Add(operation.Path);
            if (operation is UpdateFileOperation { MoveTo: { } to })
            {
                paths.Add(to);
            }
        }

        return new ToolCallFacts(paths);
    });
}
