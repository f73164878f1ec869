using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// <c>applyPatch({patch})</c>: applies a patch in the Codex <c>*** Begin Patch</c> format. The
/// whole patch is parsed and worked out in memory first: if any hunk does not match, any file is
/// missing or any path leaves the workspace, nothing is written. Then all files are written
/// together (see <see cref="PatchCommitter"/>). The result lists the files added, modified,
/// deleted and moved, and carries the inverse patch. A retry after a crash recognises the parts
/// that were already applied and does not apply them twice.
/// </summary>
public sealed class ApplyPatchTool : WorkspaceTool
{
    /// <summary>The script-facing name.</summary>
    public const string ToolName = "applyPatch";

    internal const int MaxPatchChars = 4 << 20;

    private static readonly ToolDescriptor Shape = new(
        ToolName,
        "Edits files with a patch: '*** Begin Patch', then '*** Add File: path' (+lines), '*** Delete File: path', or '*** Update File: path' (optional '*** Move to: path') with '@@' hunks of ' ' context, '-' removed and '+' added lines (optional '*** End of File'), then '*** End Patch'. All or nothing.",
        ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "patch": { "type": "string", "minLength": 1, "description": "The patch text, from '*** Begin Patch' to '*** End Patch'." },
            "expect": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Optional: path -> the SHA-256 (hex) the file must have before the patch, or 'absent'; any other state is a patch-conflict and nothing is written." }
          },
          "required": ["patch"],
          "additionalProperties": false
        }
        """))
    {
        ResultSchema = ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "added": { "type": "array", "items": { "type": "string" } },
            "modified": { "type": "array", "items": { "type": "string" } },
            "deleted": { "type": "array", "items": { "type": "string" } },
            "moved": { "type": "array", "items": { "type": "object", "properties": { "from": { "type": "string" }, "to": { "type": "string" } }, "required": ["from", "to"] } },
            "alreadyApplied": { "type": "array", "items": { "type": "string" }, "description": "Files whose change was already in place (a retried patch)." },
            "inversePatch": { "type": "string", "description": "A patch that undoes this one." },
            "inverseComplete": { "type": "boolean", "description": "False when part of the change cannot be undone from the inverse patch." },
            "sha256": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Each file the patch touched -> its SHA-256 (hex) afterwards, or 'absent'." }
          },
          "required": ["added", "modified", "deleted", "moved", "alreadyApplied", "inversePatch", "inverseComplete"]
        }
        """),
        DryRunResult = ToolJson.Parse("""{"added":[],"modified":[],"deleted":[],"moved":[],"alreadyApplied":[],"inversePatch":"*** Begin Patch\n*** End Patch\n","inverseComplete":true,"sha256":{}}"""),
        Effect = ToolEffect.Write,
        Facts = PatchFacts.Read,
    };

    /// <inheritdoc />
    public override ToolDescriptor Descriptor => Shape;

    /// <summary>Reads and parses the <c>patch</c> argument: what the tool applies and what its policy facts name.</summary>
    /// <exception cref="ToolException"><c>tool-validation</c> for a missing, too long or malformed patch.</exception>
    internal static IReadOnlyList<PatchOperation> ReadOperations(ToolArguments args)
    {
        string text = args.RequiredString("patch");
        if (text.Length > MaxPatchChars)
        {
            throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"applyPatch: the patch is {text.Length} characters; the limit is {MaxPatchChars}.");
        }

        return PatchParser.Parse(text);
    }

    internal override Task<JsonElement> RunAsync(Workspace workspace, ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ToolArguments args = ToolArguments.Parse(ToolName, invocation.Args, "patch", "expect");
        IReadOnlyList<PatchOperation> operations = ReadOperations(args);
        var view = new FileView(workspace);
        IReadOnlyList<string> changed = args.OptionalStringMap("expect") is { } expected ? PatchExpectations.Mismatches(view, expected) : [];
        PatchPlan plan = Plan(view, operations, changed);
        cancellationToken.ThrowIfCancellationRequested();
        PatchCommitter.Commit(workspace, view.Changes().ToList());

        var moved = new JsonArray();
        foreach ((string from, string to) in plan.Moved)
        {
            moved.Add(new JsonObject { ["from"] = from, ["to"] = to });
        }

        return Task.FromResult(ToolJson.ToElement(new JsonObject
        {
            ["added"] = Strings(plan.Added),
            ["modified"] = Strings(plan.Modified),
            ["deleted"] = Strings(plan.Deleted),
            ["moved"] = moved,
            ["alreadyApplied"] = Strings(plan.AlreadyApplied),
            ["inversePatch"] = plan.Inverse.Render(),
            ["inverseComplete"] = plan.Inverse.Complete,
            ["sha256"] = PatchExpectations.Hashes(view, plan.Added.Concat(plan.Modified).Concat(plan.Deleted).Concat(plan.AlreadyApplied).Concat(plan.Moved.SelectMany(m => new[] { m.From, m.To }))),
        }));
    }

    // A file not in its expected state is a conflict, unless this very patch already left it
    // there (a retry after a crash between the commit and the recorded result).
    private static PatchPlan Plan(FileView view, IReadOnlyList<PatchOperation> operations, IReadOnlyList<string> changed)
    {
        if (changed.Count == 0)
        {
            return PatchPlanner.Plan(view, operations);
        }

        PatchPlan plan;
        try
        {
            plan = PatchPlanner.Plan(view, operations);
        }
        catch (ToolException)
        {
            throw PatchExpectations.Conflict(changed);
        }

        HashSet<string> fresh = [.. view.Changes().Select(c => c.Path)];
        List<string> conflicts = [.. changed.Where(p => fresh.Contains(p) || !plan.AlreadyApplied.Contains(p))];
        return conflicts.Count > 0 ? throw PatchExpectations.Conflict(conflicts) : plan;
    }

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => JsonValue.Create(v))];
}
