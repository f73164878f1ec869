using System.Text.Json;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.Orchestrations.Policy;

/// <summary>The gate judges each call; a verdict reused across calls must never hide what the arguments decide.</summary>
public class PolicyGateTests
{
    private static readonly ToolDescriptor Fetch = new("fetch", "Fetches.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()) { Effect = ToolEffect.Network };

    private static ToolCallRequest Call(int id, string args) => new(id, "fetch", JsonDocument.Parse(args).RootElement.Clone(), 1, 1, Spawned: false);

    private static CallPolicyGate Gate(ApprovalPolicy host, ApprovalPolicy? run = null) =>
        new(new ScriptRunInput("return 1;", new RunContext("r", "t", 0, Path.GetTempPath())) { HostPolicy = host, RunPolicy = run }, [Fetch]);

    [Fact]
    public void A_rule_on_the_arguments_judges_every_call_on_its_own_arguments()
    {
        CallPolicyGate gate = Gate(new ApprovalPolicy
        {
            Rules =
            [
                new ApprovalRule { Tool = "fetch", Action = ApprovalAction.Allow },
                new ApprovalRule { Tool = "fetch", Args = new Dictionary<string, string> { ["url"] = "https://evil\\..*" }, Action = ApprovalAction.Deny },
            ],
        });

        Assert.Equal(ApprovalAction.Allow, gate.Judge(Call(1, """{"url":"https://ok.example"}""")).Verdict.Action);
        Assert.Equal(ApprovalAction.Deny, gate.Judge(Call(2, """{"url":"https://evil.example"}""")).Verdict.Action);
        Assert.Equal(ApprovalAction.Allow, gate.Judge(Call(3, """{"url":"https://ok.example"}""")).Verdict.Action);
    }

    [Fact]
    public void A_run_rule_on_the_arguments_narrows_every_call_after_a_plain_host_allow()
    {
        CallPolicyGate gate = Gate(
            new ApprovalPolicy { Rules = [new ApprovalRule { Tool = "*", Action = ApprovalAction.Allow }] },
            new ApprovalPolicy { Rules = [new ApprovalRule { Tool = "fetch", Args = new Dictionary<string, string> { ["url"] = "http:.*" }, Action = ApprovalAction.Ask }] });

        Assert.Equal(ApprovalAction.Allow, gate.Judge(Call(1, """{"url":"https://a"}""")).Verdict.Action);
        Assert.Equal(ApprovalAction.Ask, gate.Judge(Call(2, """{"url":"http://a"}""")).Verdict.Action);
    }

    [Fact]
    public void Without_rules_on_the_arguments_every_call_gets_the_same_verdict_as_the_first()
    {
        CallPolicyGate gate = Gate(new ApprovalPolicy { Rules = [new ApprovalRule { Tool = "fetch", Action = ApprovalAction.Allow, Network = true }] });

        PolicyVerdict first = gate.Judge(Call(1, """{"url":"a"}""")).Verdict;
        PolicyVerdict second = gate.Judge(Call(2, """{"url":"b"}""")).Verdict;

        Assert.Equal(ApprovalAction.Allow, first.Action);
        Assert.True(second.Network);
        Assert.Equal(first, second);
    }
}
