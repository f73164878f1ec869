using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// The commands the default policy lets <c>exec</c> run without asking: programs that only read,
/// each with the options that would make it write a file or run another program refused.
/// The list is deliberately short; hosts widen it with rules.
/// </summary>
internal static class ReadOnlyCommands
{
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "cat", "head", "tail", "ls", "wc", "pwd", "echo", "stat", "du", "diff", "grep", "egrep", "fgrep",
        "basename", "dirname", "realpath", "true", "which",
    };

    // Options that write files or run other programs.
    private static readonly Dictionary<string, string[]> ForbiddenOptions = new(StringComparer.Ordinal)
    {
        ["find"] = ["-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls"],
        ["rg"] = ["--pre", "--pre-glob", "--hostname-bin"],
        ["tree"] = ["-o", "--fromfile"],
    };

    private static readonly HashSet<string> GitSubcommands = new(StringComparer.Ordinal)
    {
        "status", "diff", "log", "show", "rev-parse", "ls-files", "blame",
    };

    private static readonly string[] GitForbiddenOptions =
        ["--output", "-o", "--ext-diff", "--textconv", "--exec", "--upload-pack", "--open-files-in-pager", "-O"];

    /// <summary>
    /// Whether <paramref name="command"/> is on the read-only list with no option that writes or
    /// executes; when not, <paramref name="why"/> says what made it so.
    /// </summary>
    public static bool IsReadOnly(CommandFacts command, out string why)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Argv.Count == 0)
        {
            why = "the command is empty";
            return false;
        }

        string program = command.Argv[0];
        if (Plain.Contains(program))
        {
            why = string.Empty;
            return true;
        }

        if (ForbiddenOptions.TryGetValue(program, out string[]? forbidden))
        {
            string? bad = command.Argv.Skip(1).FirstOrDefault(a => forbidden.Any(f => OptionIs(a, f)));
            why = bad is null ? string.Empty : $"'{program} {bad}' can write files or run programs";
            return bad is null;
        }

        if (program == "git")
        {
            return IsReadOnlyGit(command, out why);
        }

        why = $"'{program}' is not on the read-only command list";
        return false;
    }

    private static bool IsReadOnlyGit(CommandFacts command, out string why)
    {
        // Global options (-c, -C, --git-dir, --exec-path...) come before the subcommand and can
        // point git at other repositories or configuration: refuse them all.
        string? sub = command.Argv.Count > 1 ? command.Argv[1] : null;
        if (sub is null || !GitSubcommands.Contains(sub))
        {
            why = $"'git {sub}' is not a read-only git subcommand";
            return false;
        }

        string? bad = command.Argv.Skip(2).FirstOrDefault(a => GitForbiddenOptions.Any(f => OptionIs(a, f)));
        why = bad is null ? string.Empty : $"'git {sub} {bad}' can write files or run programs";
        return bad is null;
    }

    // A long option also matches its abbreviations (git takes any unambiguous prefix: --outp=x is
    // --output=x); a short option matches anywhere in a cluster (-po is -p -o).
    private static bool OptionIs(string arg, string option) =>
        string.Equals(arg, option, StringComparison.Ordinal) ||
        (option.StartsWith("--", StringComparison.Ordinal) && IsLongPrefix(arg, option)) ||
        (option.Length == 2 && option[0] == '-' && option[1] != '-' && arg.Length > 2 && arg[0] == '-' && arg[1] != '-' &&
            arg.Contains(option[1], StringComparison.Ordinal));

    private static bool IsLongPrefix(string arg, string option)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3)
        {
            return false;
        }

        int eq = arg.IndexOf('=', StringComparison.Ordinal);
        string name = eq < 0 ? arg : arg[..eq];
        return name.Length > 2 && option.StartsWith(name, StringComparison.Ordinal);
    }
}
