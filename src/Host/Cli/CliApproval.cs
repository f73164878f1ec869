namespace ScriptHarness.Host.Cli;

/// <summary>How the CLI answers calls that wait for approval (<c>--approve</c>).</summary>
internal enum CliApproval
{
    /// <summary>Ask in the terminal.</summary>
    Ask,

    /// <summary>Approve every call.</summary>
    All,

    /// <summary>Deny every call.</summary>
    None,
}
