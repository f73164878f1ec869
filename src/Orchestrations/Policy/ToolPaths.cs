using System.Text.Json;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>The paths a call touches, as the policy sees them (relative to the workspace unless absolute).</summary>
public static class ToolPaths
{
    /// <summary>
    /// applyPatch: every file its headers name; exec: its working directory and every path-like
    /// argument (resolved against that directory); other tools: their <c>path</c> or <c>cwd</c>
    /// argument, the workspace root when absent.
    /// </summary>
    public static IReadOnlyList<string> Read(string tool, JsonElement args)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (args.ValueKind != JsonValueKind.Object)
        {
            return ["."];
        }

        if (tool == ToolNames.ApplyPatch)
        {
            return args.TryGetProperty("patch", out JsonElement patch) && patch.ValueKind == JsonValueKind.String
                ? PatchPaths.Read(patch.GetString() ?? string.Empty)
                : [];
        }

        if (tool == ToolNames.Exec && ExecCommand.TryRead(args) is { } exec)
        {
            string cwd = exec.Cwd ?? ".";
            List<string> paths = [cwd];
            paths.AddRange(exec.PathCandidates().Select(p => p.StartsWith('/') || p.StartsWith('~') ? p : Path.Combine(cwd, p)));
            return paths;
        }

        List<string> found = [];
        foreach (string name in (string[])["path", "cwd"])
        {
            if (args.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String)
            {
                found.Add(value.GetString() ?? ".");
            }
        }

        return found.Count > 0 ? found : ["."];
    }
}
