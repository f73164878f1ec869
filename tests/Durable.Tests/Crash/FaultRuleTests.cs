using ScriptHarness.Durable.Testing.FaultInjection;

namespace ScriptHarness.Tests.Durable.Crash;

public sealed class FaultRuleTests
{
    [Theory]
    [InlineData("kill:after-activity-completion", FaultAction.Kill, FaultPoint.AfterActivityCompletion, 1)]
    [InlineData("throw:before-orchestration-checkpoint#3", FaultAction.Throw, FaultPoint.BeforeOrchestrationCheckpoint, 3)]
    [InlineData("KILL:Before-Checkpoint-Of-Activity-Result", FaultAction.Kill, FaultPoint.BeforeCheckpointOfActivityResult, 1)]
    public void Text_form_names_the_action_the_point_and_the_occurrence(string text, FaultAction action, FaultPoint point, int occurrence)
    {
        FaultRule rule = FaultRule.Parse(text);

        Assert.Equal(new FaultRule(action, point, occurrence), rule);
        Assert.Equal(rule, FaultRule.Parse(rule.ToString()));
    }

    [Theory]
    [InlineData("kill")]
    [InlineData("explode:after-activity-completion")]
    [InlineData("kill:after-lunch")]
    [InlineData("kill:after-activity-completion#0")]
    [InlineData("kill:after-activity-completion#x")]
    public void Bad_text_is_refused_with_the_list_of_points(string text)
    {
        var error = Assert.Throws<FormatException>(() => FaultRule.Parse(text));

        Assert.Contains("before-checkpoint-of-activity-result", error.Message, StringComparison.Ordinal);
    }
}
