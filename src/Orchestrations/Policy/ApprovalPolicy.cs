using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// An approval policy as data: a mode and rules on tool names and arguments. The host's policy
/// (host.json) falls back to <see cref="SafeDefaults"/> for calls no rule matches; a run's policy
/// can only make the host's stricter (see <see cref="EvaluateEffective"/>).
/// </summary>
public sealed class ApprovalPolicy
{
    /// <summary>When to ask a human.</summary>
    public ApprovalMode Mode { get; set; } = ApprovalMode.OnRequest;

    /// <summary>The rules; when several match a call the most restrictive wins.</summary>
    public IReadOnlyList<ApprovalRule> Rules { get; set; } = [];

    /// <summary>The default host policy: no rules, mode <c>on-request</c>, safe defaults.</summary>
    public static ApprovalPolicy Default => new();

    /// <summary>
    /// The verdict for <paramref name="call"/> under the host's policy narrowed by the run's:
    /// the stricter of the two rule verdicts (a run rule that matches nothing leaves the host's
    /// verdict alone), then the modes: if either is <c>always</c>, allow becomes ask; if either is
    /// <c>never</c>, ask becomes deny. The verdict lets the call reach the network only when a
    /// matching host rule says <c>network: true</c> and, when run rules match too, one of them
    /// says so as well (a run can only narrow).
    /// </summary>
    public static PolicyVerdict EvaluateEffective(ApprovalPolicy host, ApprovalPolicy? run, PolicyCall call)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(call);
        bool hostResolved = call.Effect.HasFlag(ToolEffect.HostResolved);
        PolicyVerdict? hostRules = host.MatchRules(call, "host");
        PolicyVerdict? runRules = run?.MatchRules(call, "run");
        PolicyVerdict verdict = PolicyVerdict.Stricter(hostRules ?? SafeDefaults.Evaluate(call), runRules);
        bool network = hostRules?.Network == true && runRules?.Network != false && verdict.Action != ApprovalAction.Deny;
        verdict = verdict with { Network = network };

        bool always = host.Mode == ApprovalMode.Always || run?.Mode == ApprovalMode.Always;
        bool never = host.Mode == ApprovalMode.Never || run?.Mode == ApprovalMode.Never;
        if (always && verdict.Action == ApprovalAction.Allow && !hostResolved)
        {
            verdict = verdict with
            {
                Action = ApprovalAction.Ask,
                Reason = $"policy mode 'always' asks for every call ({verdict.Reason})",
                Source = "mode",
            };
        }

        if (never && verdict.Action == ApprovalAction.Ask)
        {
            verdict = verdict with
            {
                Action = ApprovalAction.Deny,
                Reason = $"approval would be needed ({verdict.Reason}) but policy mode 'never' asks nobody",
                Source = "mode",
            };
        }

        return verdict;
    }

    /// <summary>Checks the rules are well formed; returns one message per problem.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        List<string> problems = [];
        if (!Enum.IsDefined(this.Mode))
        {
            problems.Add($"{path}:mode is not one of never, on-request, always.");
        }

        for (int i = 0; i < this.Rules.Count; i++)
        {
            ApprovalRule? rule = this.Rules[i];
            string at = string.Create(CultureInfo.InvariantCulture, $"{path}:rules:{i}");
            if (rule is null)
            {
                problems.Add($"{at} is empty.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Tool))
            {
                problems.Add($"{at}:tool is required (a tool name or *).");
            }

            if (!Enum.IsDefined(rule.Action))
            {
                problems.Add($"{at}:action is not one of allow, ask, deny.");
            }

            if (rule.ArgvPrefix is { Count: 0 })
            {
                problems.Add($"{at}:argvPrefix is empty; omit it to match every command.");
            }

            foreach ((string name, string pattern) in rule.Args ?? new Dictionary<string, string>())
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
                }
                catch (ArgumentException ex)
                {
                    problems.Add($"{at}:args:{name} is not a valid regular expression: {ex.Message}");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// The most restrictive verdict of the rules that match, or null when none does; it allows the
    /// network when any matching rule says <c>network: true</c>.
    /// </summary>
    internal PolicyVerdict? MatchRules(PolicyCall call, string owner)
    {
        PolicyVerdict? best = null;
        bool network = false;
        for (int i = 0; i < this.Rules.Count; i++)
        {
            ApprovalRule rule = this.Rules[i];
            if (!Matches(rule, call))
            {
                continue;
            }

            string source = string.Create(CultureInfo.InvariantCulture, $"{owner} rule {i}");
            string key = call.Facts?.Command is { } command
                ? $"{call.Tool}:{source}:{CommandGrant.Key(command, rule.ArgvPrefix)}"
                : $"{call.Tool}:{source}";
            string reason = rule.Reason ?? DescribeMatch(rule, call.Tool);
            PolicyVerdict verdict = new(rule.Action, reason, source, key);
            best = best is null ? verdict : PolicyVerdict.Stricter(best, verdict);
            network |= rule.Network;
        }

        return best is null ? null : best with { Network = network };
    }

    private static bool Matches(ApprovalRule rule, PolicyCall call)
    {
        if (rule.Tool != "*" && !string.Equals(rule.Tool, call.Tool, StringComparison.Ordinal))
        {
            return false;
        }

        if (rule.ArgvPrefix is { Count: > 0 } prefix && (call.Facts?.Command is not { } command || !CommandGrant.StartsWith(command, prefix)))
        {
            return false;
        }

        if (rule.PathsOutside is { Count: > 0 } folders &&
            !CallPaths(call).Any(p => IsOutsideAll(call.Workspace, p, folders)))
        {
            return false;
        }

        foreach ((string name, string pattern) in rule.Args ?? new Dictionary<string, string>())
        {
            if (call.Args.ValueKind != JsonValueKind.Object ||
                !call.Args.TryGetProperty(name, out JsonElement value) ||
                value.ValueKind != JsonValueKind.String ||
                !Regex.IsMatch(value.GetString() ?? string.Empty, $"^(?:{pattern})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant))
            {
                return false;
            }
        }

        return true;
    }

    // The paths the tool states, and for a command every argument that could name a file,
    // resolved against its working directory.
    private static IEnumerable<string> CallPaths(PolicyCall call)
    {
        foreach (string path in call.Facts?.Paths ?? [])
        {
            yield return path;
        }

        if (call.Facts?.Command is { } command)
        {
            string cwd = command.Cwd ?? ".";
            foreach (string path in CommandOperands.Paths(command.Argv, out _))
            {
                yield return path.StartsWith('/') || path.StartsWith('~') ? path : Path.Combine(cwd, path);
            }
        }
    }

    private static bool IsOutsideAll(string workspace, string path, IReadOnlyList<string> folders)
    {
        string? relative = WorkspacePath.Relative(workspace, path);
        if (relative is null)
        {
            return true;
        }

        foreach (string folder in folders)
        {
            string f = folder.Replace('\\', '/').Trim('/');
            if (f.Length == 0 || relative == f || relative.StartsWith(f + "/", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string DescribeMatch(ApprovalRule rule, string tool)
    {
        string what = rule.ArgvPrefix is { Count: > 0 } p ? $"'{string.Join(' ', p)}'" : $"'{tool}'";
        if (rule.PathsOutside is { Count: > 0 } folders)
        {
            what += $" outside {string.Join(", ", folders)}";
        }

        return rule.Action switch
        {
            ApprovalAction.Allow => $"a rule allows {what}",
            ApprovalAction.Deny => $"a rule denies {what}",
            _ => $"a rule asks before {what}",
        };
    }
}
