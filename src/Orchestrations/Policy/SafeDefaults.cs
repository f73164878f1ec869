using System.Globalization;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// The decision for a call no rule matched: safe for an unattended agent. Reads are allowed;
/// applyPatch inside the workspace (and outside <c>.git/</c>) is allowed; exec runs without
/// asking only for a read-only command, with no shell operators, no environment overrides and
/// every path-like argument inside the workspace; host-resolved tools are allowed (the host
/// answers them, nothing runs on a worker); everything else asks.
/// </summary>
public static class SafeDefaults
{
    /// <summary>The source name verdicts of this class carry.</summary>
    public const string Source = "default";

    /// <summary>Decides <paramref name="call"/>.</summary>
    /// <param name="call">The call.</param>
    /// <param name="hostResolved">Whether the tool is host-resolved (kind <c>external</c>).</param>
    public static PolicyVerdict Evaluate(PolicyCall call, bool hostResolved)
    {
        ArgumentNullException.ThrowIfNull(call);
        string tool = call.Tool;
        if (hostResolved)
        {
            return Allow($"'{tool}' is answered by the host", tool);
        }

        if (ToolNames.Reads.Contains(tool))
        {
            return Allow("reads are allowed", tool);
        }

        if (tool == ToolNames.ApplyPatch)
        {
            return EvaluatePatch(call);
        }

        if (tool == ToolNames.Exec)
        {
            return EvaluateExec(call);
        }

        return Ask($"'{tool}' is not known to the default policy", $"{tool}:{Source}");
    }

    private static PolicyVerdict EvaluatePatch(PolicyCall call)
    {
        IReadOnlyList<string> paths = ToolPaths.Read(call.Tool, call.Args);
        foreach (string path in paths)
        {
            string? relative = WorkspacePath.Relative(call.Workspace, path);
            if (relative is null)
            {
                return Ask($"the patch writes '{path}', outside the workspace", $"{call.Tool}:{Source}:outside");
            }

            if (relative == ".git" || relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                return Ask($"the patch writes '{path}' inside .git (hooks and config run code)", $"{call.Tool}:{Source}:git");
            }
        }

        return Allow("patches inside the workspace are allowed", call.Tool);
    }

    private static PolicyVerdict EvaluateExec(PolicyCall call)
    {
        ExecCommand? exec = ExecCommand.TryRead(call.Args);
        if (exec is null)
        {
            return Ask("the command could not be read", $"{call.Tool}:{Source}");
        }

        string key = $"{call.Tool}:{Source}:{exec.GrantScope(rulePrefix: null)}";
        if (exec.HasShellOperators)
        {
            return Ask($"'{exec.Text}' uses shell operators, quotes or globs", key);
        }

        if (exec.HasEnvironment)
        {
            return Ask($"'{exec.Text}' sets environment variables", key);
        }

        if (!ReadOnlyCommands.IsReadOnly(exec, out string why))
        {
            return Ask(why, key);
        }

        if (exec.Cwd is not null && !WorkspacePath.IsInside(call.Workspace, exec.Cwd))
        {
            return Ask($"the working directory '{exec.Cwd}' is outside the workspace", key);
        }

        foreach (string candidate in exec.PathCandidates())
        {
            if (!WorkspacePath.IsInside(call.Workspace, candidate, exec.Cwd))
            {
                return Ask($"'{candidate}' is outside the workspace", key);
            }
        }

        return Allow($"'{exec.Argv[0]}' is a read-only command inside the workspace", call.Tool);
    }

    private static PolicyVerdict Allow(string reason, string tool) => new(ApprovalAction.Allow, reason, Source, $"{tool}:{Source}");

    private static PolicyVerdict Ask(string reason, string key) => new(ApprovalAction.Ask, reason, Source, key);
}
