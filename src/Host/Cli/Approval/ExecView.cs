using System.Text.Json.Nodes;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Exec.Sandbox;
using Spectre.Console;

namespace ScriptHarness.Host.Cli.Approval;

/// <summary>An <c>exec</c> call: the command line as it will run, where, and what the sandbox lets it do.</summary>
internal static class ExecView
{
    /// <summary>Writes <paramref name="args"/> (exec's arguments).</summary>
    public static void Write(IAnsiConsole console, JsonObject args, string? workspace, ExecOptions exec)
    {
        string commandLine = args["command"] switch
        {
            JsonArray argv => string.Join(' ', argv.Select(a => Quote(a?.ToString() ?? string.Empty))),
            JsonValue shell when shell.TryGetValue(out string? text) => $"{exec.Shell} -c {Quote(text)}",
            _ => "(no command)",
        };
        ApprovalView.WriteLine(console, ("    command: ", ApprovalView.Label), (commandLine, new Style(Color.Yellow)));

        string? cwd = args["cwd"] is JsonValue c && c.TryGetValue(out string? written) ? written : null;
        string shownCwd = workspace is null ? cwd ?? "(the workspace root)"
            : cwd is null ? workspace
            : Path.IsPathRooted(cwd) ? cwd : Path.GetFullPath(Path.Combine(workspace, cwd));
        ApprovalView.WriteLine(console, ("    cwd: ", ApprovalView.Label), (shownCwd, Style.Plain));

        if (args["env"] is JsonObject env && env.Count > 0)
        {
            ApprovalView.WriteLine(console, ("    env: ", ApprovalView.Label), (string.Join(' ', env.Select(p => $"{p.Key}={Quote(p.Value?.ToString() ?? string.Empty)}")), Style.Plain));
        }

        if (args["stdin"] is JsonValue stdin && stdin.TryGetValue(out string? input))
        {
            ApprovalView.WriteLine(console, ("    stdin: ", ApprovalView.Label), (input.Length > 200 ? input[..200] + "…" : input, Style.Plain));
        }

        ApprovalView.WriteLine(console, ("    sandbox: ", ApprovalView.Label), (Sandbox(exec, workspace), new Style(Color.Grey)));
    }

    /// <summary>What a command may do here, from the exec settings (a policy rule with <c>network: true</c> can add the network to one call).</summary>
    public static string Sandbox(ExecOptions exec, string? workspace)
    {
        ArgumentNullException.ThrowIfNull(exec);
        if (string.Equals(exec.Sandbox, ExecSandboxKinds.None, StringComparison.Ordinal))
        {
            return "none (activities:exec:sandbox): the command can read and write whatever this user can, and reach the network";
        }

        string readOnly = exec.ReadOnlyPaths.Count == 0 ? string.Empty : ", " + string.Join(", ", exec.ReadOnlyPaths);
        return $"bubblewrap: writes only {workspace ?? "the workspace"}; reads the system directories (/usr, /etc entries{readOnly}); private /tmp; no network unless a policy rule grants it; a fresh environment";
    }

    // As a POSIX shell would need it typed: plain words bare, anything else in single quotes.
    private static string Quote(string word) =>
        word.Length > 0 && word.All(ch => char.IsAsciiLetterOrDigit(ch) || "-_./=:,+@%".Contains(ch, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
