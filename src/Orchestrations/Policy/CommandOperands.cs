namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// Every value in a command's argv that could name a file, for the path checks of the policy.
/// Programs differ in which options take values, so this reads every argument as a possible
/// path: plain operands, everything after <c>--</c> (options no more), the value of
/// <c>--option=value</c> and of <c>key=value</c>, and every tail of a short-option cluster
/// (<c>-rf/etc/x</c> may be <c>-r -f /etc/x</c>). A long option whose name is not an option
/// word (<c>--/etc/passwd</c>) is a doubt: the policy asks.
/// </summary>
internal static class CommandOperands
{
    /// <summary>The possible paths among <paramref name="argv"/>'s arguments (after the program), as written.</summary>
    /// <param name="argv">The program and its arguments.</param>
    /// <param name="doubt">The first argument that is neither an operand nor a well-formed option, or null.</param>
    public static IReadOnlyList<string> Paths(IReadOnlyList<string> argv, out string? doubt)
    {
        ArgumentNullException.ThrowIfNull(argv);
        doubt = null;
        List<string> paths = [];
        bool operandsOnly = false;
        for (int i = 1; i < argv.Count; i++)
        {
            string arg = argv[i];
            if (arg.Length == 0 || (arg == "-" && !operandsOnly))
            {
                continue;
            }

            if (operandsOnly || arg[0] != '-')
            {
                paths.Add(arg);
                AddValue(paths, arg);
            }
            else if (arg == "--")
            {
                operandsOnly = true;
            }
            else if (arg[1] == '-')
            {
                int eq = arg.IndexOf('=', StringComparison.Ordinal);
                string name = eq < 0 ? arg[2..] : arg[2..eq];
                if (!IsOptionWord(name))
                {
                    doubt ??= arg;
                    paths.Add(arg);
                    paths.Add(arg[2..]);
                }

                AddValue(paths, arg);
            }
            else
            {
                for (int k = 1; k < arg.Length; k++)
                {
                    paths.Add(arg[k..]);
                }

                AddValue(paths, arg);
            }
        }

        return paths;
    }

    private static void AddValue(List<string> paths, string arg)
    {
        int eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0 && eq + 1 < arg.Length)
        {
            paths.Add(arg[(eq + 1)..]);
        }
    }

    private static bool IsOptionWord(string name) =>
        name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');
}
