using System.Globalization;

namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>
/// The environment that makes git inside exec ignore program hooks a repository's own config
/// could name. A planted nested <c>.git</c> directory is fully attacker-written config, and
/// "read-only" commands such as <c>git status</c> run programs it names. git reads
/// <c>GIT_CONFIG_COUNT</c>/<c>GIT_CONFIG_KEY_n</c>/<c>GIT_CONFIG_VALUE_n</c> as command-line
/// config, which is read last and so wins over the repository's single-valued keys.
/// </summary>
/// <remarks>
/// What git 2.39 cannot switch off this way, because the setting is named by the repository
/// itself or an empty value is not "unset": <c>diff.external</c> (an empty value makes every
/// <c>git diff</c> fail with "cannot run"), and the drivers that <c>.gitattributes</c> names
/// (<c>diff.&lt;driver&gt;.textconv</c>/<c>.command</c>, <c>filter.&lt;driver&gt;.clean</c>/
/// <c>smudge</c>/<c>process</c>, <c>merge.&lt;driver&gt;.driver</c>), plus
/// <c>remote.&lt;name&gt;.uploadpack</c>/<c>receivepack</c> and
/// <c>submodule.&lt;name&gt;.update=!cmd</c>. (<c>uploadpack.packObjectsHook</c> needs no
/// setting: git ignores it in repository config.) Those programs still run, but inside the sandbox:
/// they write only the workspace, reach no network unless granted and see no secret.
/// </remarks>
internal static class GitHardening
{
    // Each pair is (key, value). Order is irrelevant: distinct keys.
    private static readonly (string Key, string Value)[] Config =
    [
        ("core.fsmonitor", "false"),         // a program run by status/diff/add to list changed files
        ("core.hooksPath", "/dev/null"),     // every hook (pre-commit, post-checkout, reference-transaction, ...)
        ("core.pager", "cat"),               // a program run around output (on a terminal)
        ("core.editor", ":"),                // ":" is git's own "no editor"
        ("sequence.editor", ":"),
        ("core.sshCommand", "ssh"),          // the transport program for ssh remotes
        ("core.askPass", string.Empty),      // empty: no askpass program
        ("credential.helper", string.Empty), // empty resets the helper list read so far
        ("protocol.ext.allow", "never"),     // ext::<command> remotes run a command
        ("gpg.program", "gpg"),              // signing programs (commit.gpgSign in repo config)
        ("gpg.ssh.program", "ssh-keygen"),
        ("gpg.x509.program", "gpgsm"),
    ];

    // Variables the call's env may not set: they would undo the settings above or name a program git runs.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "GIT_CEILING_DIRECTORIES", "GIT_EXTERNAL_DIFF", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_PROXY_COMMAND",
        "GIT_ASKPASS", "SSH_ASKPASS", "GIT_PAGER", "PAGER", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "GIT_EXEC_PATH",
    };

    /// <summary>Whether the call's <c>env</c> may not set <paramref name="name"/>.</summary>
    public static bool IsReserved(string name) =>
        ReservedNames.Contains(name) || name.StartsWith("GIT_CONFIG", StringComparison.Ordinal);

    /// <summary>Adds git's settings for a workspace at <paramref name="workspaceRoot"/> to <paramref name="environment"/>.</summary>
    public static void Apply(IDictionary<string, string> environment, string workspaceRoot)
    {
        // Discovery stops below the workspace's parent: a repository above the workspace is
        // never read (in the sandbox it is not even mounted).
        string parent = Path.GetDirectoryName(workspaceRoot.TrimEnd('/')) is { Length: > 0 } p ? p : "/";
        environment["GIT_CEILING_DIRECTORIES"] = parent;
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GIT_PAGER"] = "cat";
        environment["GIT_ASKPASS"] = string.Empty;
        environment["GIT_PROXY_COMMAND"] = string.Empty; // set (even empty) wins over core.gitProxy
        environment["GIT_CONFIG_COUNT"] = Config.Length.ToString(CultureInfo.InvariantCulture);
        for (int i = 0; i < Config.Length; i++)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            environment["GIT_CONFIG_KEY_" + n] = Config[i].Key;
            environment["GIT_CONFIG_VALUE_" + n] = Config[i].Value;
        }
    }
}
