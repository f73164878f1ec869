using ScriptHarness.Activities.Patching;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// The decision for a call no rule matched, safe for an unattended agent, from the facts the
/// tool states (never from its name): host-resolved tools are allowed (the host answers them,
/// nothing runs on a worker); reads are allowed inside the workspace; writes are allowed inside
/// the workspace except into git's metadata (any <c>.git</c> component, <c>.gitattributes</c>,
/// <c>.gitmodules</c>: git config, hooks and attributes run programs); a command runs without
/// asking only when it is read-only (see <see cref="ReadOnlyCommands"/>) with every argument
/// that could be a path inside the workspace; network access and tools that declare no effect
/// ask. A tool with several effects gets the strictest of their verdicts.
/// </summary>
internal static class SafeDefaults
{
    /// <summary>The source name verdicts of this class carry.</summary>
    public const string Source = "default";

    /// <summary>Decides <paramref name="call"/>.</summary>
    public static PolicyVerdict Evaluate(PolicyCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        string tool = call.Tool;
        ToolEffect effect = call.Effect;
        if (effect.HasFlag(ToolEffect.HostResolved))
        {
            return Allow($"'{tool}' is answered by the host", tool);
        }

        if (effect == ToolEffect.Unknown)
        {
            return Ask($"'{tool}' does not declare what it does", $"{tool}:{Source}");
        }

        // The tool's own parser refuses these arguments, so it fails before touching anything;
        // letting the call through gives the script the tool's typed error. Not for commands: a
        // refusal there is not worth trusting over asking.
        if (call.Facts?.Refusal is { } refusal && !effect.HasFlag(ToolEffect.Execute))
        {
            return Allow($"'{tool}' refuses these arguments itself ({refusal})", tool);
        }

        PolicyVerdict? verdict = null;
        if (effect.HasFlag(ToolEffect.Execute))
        {
            verdict = Stricter(verdict, EvaluateCommand(call));
        }

        if (effect.HasFlag(ToolEffect.Write))
        {
            verdict = Stricter(verdict, EvaluateWrite(call));
        }

        if (effect.HasFlag(ToolEffect.Read))
        {
            verdict = Stricter(verdict, EvaluateRead(call));
        }

        if (effect.HasFlag(ToolEffect.Network))
        {
            verdict = Stricter(verdict, Ask($"'{tool}' reaches the network", $"{tool}:{Source}:network"));
        }

        return verdict ?? Ask($"'{tool}' declares no effect the default policy knows", $"{tool}:{Source}");
    }

    private static PolicyVerdict EvaluateRead(PolicyCall call)
    {
        foreach (string path in call.Facts?.Paths ?? [])
        {
            if (!WorkspacePath.IsInside(call.Workspace, path))
            {
                return Ask($"'{call.Tool}' reads '{path}', outside the workspace", $"{call.Tool}:{Source}:outside");
            }
        }

        return Allow("reads inside the workspace are allowed", call.Tool);
    }

    private static PolicyVerdict EvaluateWrite(PolicyCall call)
    {
        if (call.Facts is null)
        {
            return Ask($"'{call.Tool}' writes files but does not say which", $"{call.Tool}:{Source}");
        }

        foreach (string path in call.Facts.Paths)
        {
            string? relative = WorkspacePath.Relative(call.Workspace, path);
            if (relative is null)
            {
                return Ask($"'{call.Tool}' writes '{path}', outside the workspace", $"{call.Tool}:{Source}:outside");
            }

            if (GitMetadata.Names(relative) is { } name)
            {
                return Ask($"'{call.Tool}' writes '{path}' ({name}: git config, hooks and attributes run programs)", $"{call.Tool}:{Source}:git");
            }
        }

        return Allow("writes inside the workspace are allowed", call.Tool);
    }

    private static PolicyVerdict EvaluateCommand(PolicyCall call)
    {
        if (call.Facts?.Command is not { } command)
        {
            return Ask($"'{call.Tool}' runs a command the policy cannot read", $"{call.Tool}:{Source}");
        }

        string key = $"{call.Tool}:{Source}:{CommandGrant.Key(command, rulePrefix: null)}";
        if (command.HasShellSyntax)
        {
            return Ask($"'{command.Text}' uses shell operators, quotes or globs", key);
        }

        if (command.HasEnvironment)
        {
            return Ask($"'{command.Text}' sets environment variables", key);
        }

        if (!ReadOnlyCommands.IsReadOnly(command, out string why))
        {
            return Ask(why, key);
        }

        if (command.Cwd is not null && !WorkspacePath.IsInside(call.Workspace, command.Cwd))
        {
            return Ask($"the working directory '{command.Cwd}' is outside the workspace", key);
        }

        IReadOnlyList<string> paths = CommandOperands.Paths(command.Argv, out string? doubt);
        if (doubt is not null)
        {
            return Ask($"'{doubt}' is not an option the policy can read; it may name a file", key);
        }

        foreach (string path in paths)
        {
            if (!WorkspacePath.IsInside(call.Workspace, path, command.Cwd))
            {
                return Ask($"'{path}' is outside the workspace", key);
            }
        }

        return Allow($"'{command.Argv[0]}' is a read-only command inside the workspace", call.Tool);
    }

    private static PolicyVerdict Stricter(PolicyVerdict? first, PolicyVerdict second) =>
        first is null ? second : PolicyVerdict.Stricter(first, second);

    private static PolicyVerdict Allow(string reason, string tool) => new(ApprovalAction.Allow, reason, Source, $"{tool}:{Source}");

    private static PolicyVerdict Ask(string reason, string key) => new(ApprovalAction.Ask, reason, Source, key);
}
