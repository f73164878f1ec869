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
/// <param name="HasEnvironment">Whether the call sets environment variables.</param>
public sealed record ExecCommand(IReadOnlyList<string> Argv, bool ViaShell, string Text, string? Cwd, bool HasEnvironment)
{
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
        bool hasEnv = args.TryGetProperty("env", out JsonElement env) &&
            env.ValueKind == JsonValueKind.Object && env.EnumerateObject().Any();

        if (command.ValueKind == JsonValueKind.String)
        {
            string text = command.GetString() ?? string.Empty;
            string[] argv = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return new ExecCommand(argv, ViaShell: true, text, cwd, hasEnv);
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

            return new ExecCommand(argv, ViaShell: false, string.Join(' ', argv), cwd, hasEnv);
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

    /// <summary>The first <paramref name="count"/> argv tokens joined by spaces.</summary>
    public string Prefix(int count) => string.Join(' ', this.Argv.Take(count));

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
