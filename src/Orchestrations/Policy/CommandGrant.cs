using System.Text.Json;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// What a scope-<c>run</c> decision on a command covers, as a key: calls whose verdicts have the
/// same key are covered by the same grant.
/// </summary>
internal static class CommandGrant
{
    /// <summary>Whether <paramref name="command"/>'s argv starts with <paramref name="prefix"/> (ordinal comparison).</summary>
    public static bool StartsWith(CommandFacts command, IReadOnlyList<string> prefix)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Count > command.Argv.Count)
        {
            return false;
        }

        for (int i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(prefix[i], command.Argv[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The key of <paramref name="command"/>. Under a rule with an argv prefix, a command that is
    /// the prefix followed only by non-option arguments (none starts with <c>-</c>) and has no
    /// shell syntax shares the prefix's key (in the same working directory with the same
    /// environment): approving <c>git push</c> for the run covers <c>git push origin main</c> but
    /// not <c>git push --receive-pack=…</c>, whose options can run programs. Every other command
    /// gets a key of its own exact text, working directory and environment: approving
    /// <c>rm -rf build</c> never covers <c>rm -rf /</c>.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="rulePrefix">The argv prefix of the rule that decided, if any.</param>
    public static string Key(CommandFacts command, IReadOnlyList<string>? rulePrefix)
    {
        ArgumentNullException.ThrowIfNull(command);
        IReadOnlyList<KeyValuePair<string, string>>? env = command.HasEnvironment ? command.Environment : null;
        if (rulePrefix is { Count: > 0 } prefix && CoveredByPrefix(command, prefix))
        {
            return "argv:" + JsonSerializer.Serialize(new GrantedPrefix(prefix, command.Cwd, env));
        }

        return "exact:" + JsonSerializer.Serialize(new GrantedCommand(command.ViaShell ? null : command.Argv, command.ViaShell ? command.Text : null, command.Cwd, env));
    }

    private static bool CoveredByPrefix(CommandFacts command, IReadOnlyList<string> prefix) =>
        !command.HasShellSyntax &&
        StartsWith(command, prefix) &&
        command.Argv.Skip(prefix.Count).All(a => !a.StartsWith('-'));
}

/// <summary>The fields that make two exec calls the same command for a scope-run grant.</summary>
internal sealed record GrantedCommand(IReadOnlyList<string>? Argv, string? Shell, string? Cwd, IReadOnlyList<KeyValuePair<string, string>>? Env);

/// <summary>The fields a scope-run grant on a rule's argv prefix covers.</summary>
internal sealed record GrantedPrefix(IReadOnlyList<string> Prefix, string? Cwd, IReadOnlyList<KeyValuePair<string, string>>? Env);
