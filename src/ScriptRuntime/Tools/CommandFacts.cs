namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>
/// The facts of a call that runs a program, as the tool itself reads them: what the approval
/// policy needs to judge the command without parsing the arguments a second time.
/// </summary>
/// <param name="Argv">
/// The program and its arguments. For a command a shell interprets, the command line split on
/// white space (what the program would see when the line has no shell syntax; see
/// <see cref="HasShellSyntax"/>).
/// </param>
/// <param name="ViaShell">Whether a shell interprets <paramref name="Text"/> (a string command).</param>
/// <param name="Text">The command as written: the shell line, or the argv joined by spaces.</param>
/// <param name="Cwd">The working directory as written (workspace-relative or absolute); null for the workspace root.</param>
/// <param name="Environment">The environment variables the call sets, in the order written; empty when none.</param>
public sealed record CommandFacts(
    IReadOnlyList<string> Argv,
    bool ViaShell,
    string Text,
    string? Cwd,
    IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    /// <summary>Characters that make a shell do more than run one program with literal arguments.</summary>
    public const string ShellSyntaxCharacters = "|&;<>()$`\\\"'*?[]{}~!#\n\r";

    /// <summary>
    /// Whether a shell would see operators, substitutions, quotes, globs or assignments in the
    /// line, so that <see cref="Argv"/> is not what runs.
    /// </summary>
    public bool HasShellSyntax => this.ViaShell && this.Text.AsSpan().IndexOfAny(ShellSyntaxCharacters) >= 0;

    /// <summary>Whether the call sets environment variables.</summary>
    public bool HasEnvironment => this.Environment.Count > 0;
}
