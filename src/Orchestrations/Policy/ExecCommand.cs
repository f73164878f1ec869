using System.Text.Json;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// The parts of an <c>exec</c> call the policy judges. <c>command</c> is an argv array (run
/// directly) or a string (run by <c>/bin/sh -c</c>, so shell syntax matters).
/// </summary>
/// <param name="Argv">The argv; a string command split on white space.</param>
/// <param name="ViaShell">Whether the command is a string that a shell interprets.</param>
/// <param name="Text">The command as written, for display.</param>
/// <param name="Cwd">The working directory argument, if any (workspace-relative or absolute).</param>
/// <param name="EnvironmentJson">The environment overrides as written (JSON), when the call sets any.</param>
public sealed record ExecCommand(IReadOnlyList<string> Argv, bool ViaShell, string Text, string? Cwd, string? EnvironmentJson)
{
    /// <summary>Whether the call sets environment variables.</summary>
    public bool HasEnvironment => this.EnvironmentJson is not null;

    /// <summary>Characters that make a shell do more than run one program with literal arguments.</summary>
    public const string ShellOperatorCharacters = "|&;<>()$`\\\"'*?[]{}~!#\n\r";

    /// <summary>Reads an exec call's arguments; null when <c>command</c> is missing or not a string or string array.</summary>
    public static ExecCommand? TryRead(JsonElement args)
    {
        if (args.ValueKind != JsonValueKind.Object || !args.TryGetProperty("command", out JsonElement command))
        {
            return null;
        }

        string? cwd = args.TryGetProperty("cwd", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        string? environment = args.TryGetProperty("env", out JsonElement env) &&
            env.ValueKind == JsonValueKind.Object && env.EnumerateObject().Any() ? env.GetRawText() : null;

        if (command.ValueKind == JsonValueKind.String)
        {
            string text = command.GetString() ?? string.Empty;
            string[] argv = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return new ExecCommand(argv, ViaShell: true, text, cwd, environment);
        }

        if (command.ValueKind == JsonValueKind.Array)
        {
            List<string> argv = [];
            foreach (JsonElement item in command.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                argv.Add(item.GetString() ?? string.Empty);
            }

            return new ExecCommand(argv, ViaShell: false, string.Join(' ', argv), cwd, environment);
        }

        return null;
    }

    /// <summary>Whether a shell would see operators, substitutions, quotes or globs in the command.</summary>
    public bool HasShellOperators => this.ViaShell && this.Text.AsSpan().IndexOfAny(ShellOperatorCharacters) >= 0;

    /// <summary>Whether the argv starts with <paramref name="prefix"/> (ordinal comparison).</summary>
    public bool StartsWith(IReadOnlyList<string> prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Count > this.Argv.Count)
        {
            return false;
        }

        for (int i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(prefix[i], this.Argv[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What a scope-<c>run</c> decision on this command covers, as a key. Under a rule with an
    /// argv prefix, every command the rule matches on that prefix (<c>git push</c> covers
    /// <c>git push --tags</c>), unless this command goes through shell operators, which could run
    /// anything after the prefix. Otherwise only this exact command, in the same working
    /// directory with the same environment: approving <c>rm -rf build</c> never covers
    /// <c>rm -rf /</c>.
    /// </summary>
    /// <param name="rulePrefix">The argv prefix of the rule that asked, if any.</param>
    public string GrantScope(IReadOnlyList<string>? rulePrefix)
    {
        if (rulePrefix is { Count: > 0 } && !this.HasShellOperators)
        {
            return "argv:" + JsonSerializer.Serialize(rulePrefix);
        }

        return "exact:" + JsonSerializer.Serialize(new GrantedCommand(this.ViaShell ? null : this.Argv, this.ViaShell ? this.Text : null, this.Cwd, this.EnvironmentJson));
    }

    /// <summary>
    /// Every value in the argv that could name a file: each operand, the value of
    /// <c>--option=value</c>, and the attached value of a short option (<c>-f/etc/x</c>).
    /// </summary>
    public IEnumerable<string> PathCandidates()
    {
        foreach (string arg in this.Argv.Skip(1))
        {
            if (arg.Length == 0 || arg == "-" || arg == "--")
            {
                continue;
            }

            if (arg[0] != '-')
            {
                yield return arg;
            }
            else if (arg.IndexOf('=', StringComparison.Ordinal) is int eq and > 0)
            {
                yield return arg[(eq + 1)..];
            }
            else if (arg.Length > 2 && arg[1] != '-')
            {
                yield return arg[2..];
            }
        }
    }
}

/// <summary>The fields that make two exec calls the same command for a scope-run grant.</summary>
internal sealed record GrantedCommand(IReadOnlyList<string>? Argv, string? Shell, string? Cwd, string? Env);
