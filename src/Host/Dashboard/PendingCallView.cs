using System.Text.Json.Nodes;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Dashboard;

/// <summary>A waiting call as a person judges it: a patch as a diff, a command as its command line, anything else as JSON.</summary>
internal static class PendingCallView
{
    public static Html Render(PendingCall call, string? workspace, ExecOptions exec)
    {
        JsonNode? args = TryParse(call.Args);
        Html body = call.Tool switch
        {
            "applyPatch" when !call.ArgsTruncated && Json.Get(args, "patch") is JsonValue patch && patch.TryGetValue(out string? text) => DiffView.Render(text, workspace),
            "exec" when args is JsonObject => Exec(args, exec),
            _ => Html.Of($"""<pre class="json">{Json.Pretty(call.Args)}</pre>"""),
        };
        return Html.Of($"""
            {body}
            {Html.When(call.ArgsTruncated, () => Html.Of($"""<p class="note">The arguments are cut to 2 KiB here; the history has them whole.</p>"""))}
            """);
    }

    private static Html Exec(JsonNode args, ExecOptions exec)
    {
        JsonNode? command = Json.Get(args, "command");
        string line = command switch
        {
            JsonArray argv => string.Join(' ', argv.Select(a => Quote(a is JsonValue v && v.TryGetValue(out string? s) ? s : a?.ToJsonString() ?? string.Empty))),
            JsonValue v when v.TryGetValue(out string? s) => s,
            _ => command?.ToJsonString() ?? string.Empty,
        };
        string cwd = Json.Text(args, "cwd") is { Length: > 0 } c ? c : ". (the workspace root)";
        string sandbox = string.Equals(exec.Sandbox, "none", StringComparison.OrdinalIgnoreCase)
            ? "No sandbox (host.json acknowledges unsandboxed exec): the command runs with the worker's own rights."
            : "bubblewrap sandbox: the workspace read-write, /usr and a few /etc files read-only, an empty /tmp, no other host file, no network unless a host.json rule with network: true matched, a fresh environment.";
        JsonNode? env = Json.Get(args, "env");
        return Html.Of($"""
            <dl class="exec">
            <dt>Command</dt><dd><pre class="command">{line}</pre></dd>
            <dt>Working directory</dt><dd><code>{cwd}</code></dd>
            {Html.When(env is JsonObject, () => Html.Of($"""<dt>Extra environment</dt><dd><pre class="json">{Json.Pretty(env)}</pre></dd>"""))}
            {Html.When(Json.Get(args, "stdin") is not null, () => Html.Of($"""<dt>Standard input</dt><dd><pre class="json">{Json.Text(args, "stdin")}</pre></dd>"""))}
            <dt>What the sandbox allows</dt><dd>{sandbox}</dd>
            </dl>
            """);
    }

    // Shown the way a shell would need it, so a space or quote inside one argument is visible.
    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(ch => char.IsAsciiLetterOrDigit(ch) || "-_./=:,+@%".Contains(ch, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
