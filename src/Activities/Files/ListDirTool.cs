using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Files;

/// <summary>
/// <c>listDir({path?, depth?, limit?})</c>: the entries of a workspace directory, down to
/// <c>depth</c> levels (each directory's entries in name order, then its subdirectories').
/// Links are listed as <c>symlink</c> and never entered; <c>.git</c> is listed, not entered.
/// A retry simply lists again.
/// </summary>
public sealed class ListDirTool : WorkspaceTool
{
    /// <summary>The script-facing name.</summary>
    public const string ToolName = "listDir";

    internal const int MaxDepth = 10;
    internal const int DefaultLimit = 500;
    internal const int MaxLimit = 10000;

    private static readonly ToolDescriptor Shape = new(
        ToolName,
        "Lists a workspace directory: entries with type (file, dir, symlink, other) and size, down to depth levels.",
        ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Directory relative to the workspace root (default the root)." },
            "depth": { "type": "integer", "minimum": 1, "maximum": 10, "description": "Levels to descend (default 1)." },
            "limit": { "type": "integer", "minimum": 1, "maximum": 10000, "description": "Most entries returned (default 500)." }
          },
          "additionalProperties": false
        }
        """))
    {
        ResultSchema = ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string" },
            "entries": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "path": { "type": "string" },
                  "type": { "enum": ["file", "dir", "symlink", "other"] },
                  "size": { "type": "integer" }
                },
                "required": ["path", "type"]
              }
            },
            "truncated": { "type": "boolean" }
          },
          "required": ["path", "entries", "truncated"]
        }
        """),
        DryRunResult = ToolJson.Parse("""{"path":"","entries":[],"truncated":false}"""),
        Effect = ToolEffect.Read,
        Facts = ToolFacts.PathArgument(ToolName, "path", required: false),
    };

    /// <inheritdoc />
    public override ToolDescriptor Descriptor => Shape;

    internal override Task<JsonElement> RunAsync(Workspace workspace, ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var args = ToolArguments.Parse(ToolName, invocation.Args, "path", "depth", "limit");
        string path = workspace.Resolve(args.OptionalString("path"));
        int depth = args.OptionalInt("depth", 1, MaxDepth) ?? 1;
        int limit = args.OptionalInt("limit", 1, MaxLimit) ?? DefaultLimit;

        var entries = new JsonArray();
        bool truncated = false;
        WorkspaceWalker.Walk(workspace, path, depth, respectGitIgnore: false, (_, _, list) =>
        {
            foreach (WalkEntry entry in list)
            {
                if (entries.Count >= limit)
                {
                    truncated = true;
                    return false;
                }

                var item = new JsonObject { ["path"] = entry.Path, ["type"] = TypeName(entry.Type) };
                if (entry.Type == EntryType.File)
                {
                    item["size"] = entry.Size;
                }

                entries.Add(item);
            }

            return true;
        }, cancellationToken, withSizes: true);

        return Task.FromResult(ToolJson.ToElement(new JsonObject { ["path"] = path, ["entries"] = entries, ["truncated"] = truncated }));
    }

    private static string TypeName(EntryType type) => type switch
    {
        EntryType.Directory => "dir",
        EntryType.Symlink => "symlink",
        EntryType.Other => "other",
        _ => "file",
    };
}
