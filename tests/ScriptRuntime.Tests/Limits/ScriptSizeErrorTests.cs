using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Limits;

/// <summary>An oversized script is the same error wherever it is caught: in model text, in validation, or at <c>ScriptRun.Start</c>.</summary>
public class ScriptSizeErrorTests
{
    private const int Limit = 100;

    private static readonly string Script = "return '" + new string('x', 200) + "';";

    [Fact]
    public void Detection_validation_and_start_all_report_limit_exceeded_ScriptSize_with_the_size_and_the_limit()
    {
        ScriptError detected = Assert.Single(ScriptDetector.Detect($"<tool-calls>{Script}</tool-calls>", new ParseOptions { MaxScriptBytes = Limit }).Blocks).Error!;
        ScriptError validated = ScriptValidator.Validate(Script, new ParseOptions { MaxScriptBytes = Limit }).Error!;
        ScriptStep started = ScriptRun.Start(Script, Scripts.Options(Scripts.Limits(l => l.MaxScriptBytes = Limit)));
        ScriptError atStart = started.Report!.Error!;

        Assert.Equal(ScriptRunStatus.Failed, started.Report.Status);
        Assert.Empty(started.Report.Calls);
        foreach (ScriptError error in new[] { detected, validated, atStart })
        {
            Assert.Equal((ScriptErrorCode.LimitExceeded, ScriptLimit.ScriptSize, false), (error.Code, error.Limit, error.Retryable));
            Assert.EndsWith(
                $"is {Script.Length} bytes; a script may be at most {Limit} bytes. Split the work into several smaller scripts, or let tools read large data instead of inlining it.",
                error.Message,
                StringComparison.Ordinal);
        }

        Assert.Equal(validated.Message, atStart.Message);
        Assert.StartsWith("Script block 1 ", detected.Message, StringComparison.Ordinal);
    }
}
