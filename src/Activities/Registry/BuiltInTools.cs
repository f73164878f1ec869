using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Options;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Search;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Registry;

/// <summary>The coding tools every run has.</summary>
public static class BuiltInTools
{
    /// <summary>The names of the built-in tools, for registering their activities before any service exists.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [ExecTool.ToolName, ApplyPatchTool.ToolName, ReadFileTool.ToolName, ListDirTool.ToolName, FileSearchTool.ToolName, GrepTool.ToolName];

    /// <summary>The built-in tools: exec, applyPatch, readFile, listDir, fileSearch, grep.</summary>
    public static IReadOnlyList<ITool> Create(ActivitiesOptions? options = null)
    {
        options ??= new ActivitiesOptions();
        return
        [
            new ExecTool(options.Exec),
            new ApplyPatchTool(),
            new ReadFileTool(),
            new ListDirTool(),
            new FileSearchTool(),
            new GrepTool(options.GrepTimeoutMs),
        ];
    }

    /// <summary>A registry of the built-in tools only.</summary>
    public static ToolRegistry CreateRegistry(ActivitiesOptions? options = null) => new(Create(options));
}
