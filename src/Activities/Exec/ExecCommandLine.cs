using System.Text.Json;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Exec;

/// <summary>
/// How <c>exec</c> reads its <c>command</c> argument: an argv array runs directly, a string runs
/// with the configured shell's <c>-c</c>. Both the tool (to launch) and its policy facts (to
/// describe the call to the approval policy) read the command here, so the policy judges the
/// same argv the tool runs.
/// </summary>
/// <param name="Argv">The argv array, or for a shell line the line split on white space.</param>
/// <param name="ViaShell">Whether the command is a line a shell interprets.</param>
/// <param name="Text">The shell line, or the argv joined by spaces.</param>
internal sealed record ExecCommandLine(IReadOnlyList<string> Argv, bool ViaShell, string Text)
{
    /// <summary>Reads <c>command</c>.</summary>
    /// <exception cref="ToolException"><c>tool-validation</c> when it is missing, empty or not a string or string array.</exception>
    public static ExecCommandLine Read(ToolArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        JsonElement command = args.Raw("command")
            ?? throw ToolException.Invalid(ToolErrorDetails.MissingArgument, "exec needs 'command': a string for /bin/sh -c, or an argv array.");
        switch (command.ValueKind)
        {
            case JsonValueKind.String when command.GetString() is { Length: > 0 } line:
                return new ExecCommandLine(line.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), ViaShell: true, line);
            case JsonValueKind.Array when command.GetArrayLength() > 0:
                var argv = new List<string>();
                foreach (JsonElement item in command.EnumerateArray())
                {
                    argv.Add(item.ValueKind == JsonValueKind.String && item.GetString() is { } s && !s.Contains('\0', StringComparison.Ordinal)
                        ? s
                        : throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, "exec: every item of the 'command' array must be a string without NUL."));
                }

                return argv[0].Length > 0
                    ? new ExecCommandLine(argv, ViaShell: false, string.Join(' ', argv))
                    : throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, "exec: the program (command[0]) is empty.");
            default:
                throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, "exec: 'command' must be a non-empty string or a non-empty array of strings.");
        }
    }

    /// <summary>
    /// The policy facts of an exec call: its working directory as the path it touches, and the
    /// command with its working directory and environment overrides as written.
    /// </summary>
    public static ToolCallFacts Facts(JsonElement args) => ToolFacts.Read(() =>
    {
        ToolArguments read = ToolArguments.Open(ExecTool.ToolName, args);
        ExecCommandLine command = Read(read);
        string? cwd = read.OptionalString("cwd");
        List<KeyValuePair<string, string>> environment = [];
        if (read.OptionalStringMap("env") is not null)
        {
            // As written (order and repeats kept): two calls compare equal only when written alike.
            environment.AddRange(read.Raw("env")!.Value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)));
        }

        return new ToolCallFacts([cwd ?? "."], new CommandFacts(command.Argv, command.ViaShell, command.Text, cwd, environment));
    });

    /// <summary>What to launch: the argv, or <paramref name="shell"/> <c>-c</c> the line.</summary>
    public List<string> Launch(string shell) => this.ViaShell ? [shell, "-c", this.Text] : [.. this.Argv];
}
