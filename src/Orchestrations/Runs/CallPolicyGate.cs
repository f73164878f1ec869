using System.Globalization;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The policy gate: judges each call once, when the script makes it, against the host's and the
/// run's policy, and remembers the scope-<c>run</c> grants people made, so a later ask with the
/// same grant key is settled without a question. Pure bookkeeping on the orchestration thread.
/// </summary>
internal sealed class CallPolicyGate
{
    private readonly ScriptRunInput input;
    private readonly IReadOnlyDictionary<string, ToolDescriptor> tools;
    private readonly Dictionary<string, (ApprovalDecision Decision, int FromCall)> grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PolicyVerdict> verdicts = new(StringComparer.Ordinal);

    public CallPolicyGate(ScriptRunInput input, IReadOnlyList<ToolDescriptor> tools)
    {
        this.input = input;
        this.tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The policy's verdict on <paramref name="request"/>, as a call to track.</summary>
    public TrackedCall Judge(ToolCallRequest request)
    {
        ToolDescriptor? descriptor = this.tools.GetValueOrDefault(request.Tool);
        if (!this.verdicts.TryGetValue(request.Tool, out PolicyVerdict? verdict))
        {
            verdict = ApprovalPolicy.EvaluateEffective(
                this.input.HostPolicy,
                this.input.RunPolicy,
                PolicyCall.For(descriptor, request.Tool, request.Args, this.input.Context.Workspace));
            if (descriptor is not null && this.IgnoresArguments(descriptor))
            {
                this.verdicts[request.Tool] = verdict;
            }
        }

        return new TrackedCall(request, descriptor, verdict);
    }

    // Whether the verdict on this tool's calls cannot depend on their arguments: the tool states
    // no facts about them (paths, command) and no rule that applies to it looks at them. Then the
    // first call's verdict is every call's, and the policy is not evaluated per call.
    private bool IgnoresArguments(ToolDescriptor descriptor) =>
        descriptor.Facts is null && LooksOnlyAtTool(this.input.HostPolicy, descriptor.Name) && LooksOnlyAtTool(this.input.RunPolicy, descriptor.Name);

    private static bool LooksOnlyAtTool(ApprovalPolicy? policy, string tool) =>
        policy is null || policy.Rules.All(rule =>
            (rule.Tool != "*" && !string.Equals(rule.Tool, tool, StringComparison.Ordinal))
            || (rule.ArgvPrefix is not { Count: > 0 } && rule.PathsOutside is not { Count: > 0 } && rule.Args is not { Count: > 0 }));

    /// <summary>Whether an earlier scope-<c>run</c> decision covers <paramref name="call"/>; if so, how.</summary>
    public bool TryGranted(TrackedCall call, out CallResolution granted)
    {
        if (this.grants.TryGetValue(call.Verdict.GrantKey, out (ApprovalDecision Decision, int FromCall) grant))
        {
            granted = new CallResolution(CallResolutionKind.Granted, grant.Decision, grant.FromCall);
            return true;
        }

        granted = null!;
        return false;
    }

    /// <summary>Remembers a scope-<c>run</c> decision made on <paramref name="from"/> for its grant key.</summary>
    public void RecordGrant(TrackedCall from, ApprovalDecision decision) =>
        this.grants[from.Verdict.GrantKey] = (decision, from.CallId);

    /// <summary>The error a denied call's promise rejects with.</summary>
    public static ScriptError Denied(TrackedCall call, string? reason, string? by)
    {
        string who = string.IsNullOrWhiteSpace(by) ? string.Empty : $" by {by}";
        string why = string.IsNullOrWhiteSpace(reason) ? string.Empty : $": {reason}";
        return ScriptError.Create(
            ScriptErrorCode.ApprovalDenied,
            string.Create(CultureInfo.InvariantCulture, $"The {call.Request.Tool} call (call {call.CallId}) was denied{who}{why}. Do not retry it as is."));
    }
}
