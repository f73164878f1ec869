namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// One rule of an approval policy: when a call matches every condition that is set, the rule
/// contributes its <see cref="Action"/>. When several rules match, the most restrictive wins
/// (deny over ask over allow), so the order of rules never matters.
/// </summary>
/// <example>
/// <code>{ "tool": "exec", "argvPrefix": ["git", "push"], "action": "ask", "reason": "pushes to a remote" }</code>
/// </example>
public sealed class ApprovalRule
{
    /// <summary>The tool's script-facing name, or <c>*</c> for every tool.</summary>
    public string Tool { get; set; } = "*";

    /// <summary>
    /// For <c>exec</c>: the rule matches when the command's argv starts with these tokens
    /// (a string command is split on white space). Null matches any command.
    /// </summary>
    public IReadOnlyList<string>? ArgvPrefix { get; set; }

    /// <summary>
    /// Workspace-relative folders (e.g. <c>src/</c>): the rule matches when any path the call
    /// touches lies outside all of them (or outside the workspace). Null ignores paths.
    /// </summary>
    public IReadOnlyList<string>? PathsOutside { get; set; }

    /// <summary>
    /// Top-level argument name to a regular expression its string value must match in full.
    /// Null or empty ignores arguments. Matching is linear-time (non-backtracking).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Args { get; set; }

    /// <summary>
    /// Whether a command this rule matches may reach the network once allowed or approved (exec's
    /// sandbox has no network otherwise). A run policy's rule can only narrow: the network is
    /// granted when a matching host rule says so and no matching run rule withholds it.
    /// </summary>
    public bool Network { get; set; }

    /// <summary>What a match decides.</summary>
    public ApprovalAction Action { get; set; } = ApprovalAction.Ask;

    /// <summary>Why, shown to the approver and, on denial, to the model.</summary>
    public string? Reason { get; set; }
}
