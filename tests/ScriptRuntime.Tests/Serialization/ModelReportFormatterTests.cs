using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.Tests.ScriptRuntime.Serialization;

public class ModelReportFormatterTests
{
    [Fact]
    public void F08_A_custom_object_with_nested_fields_is_serialized_as_compact_json()
    {
        string text = ModelReportFormatter.Format(SampleReports.ListedTwoFiles());

        Assert.Equal(
            "status: completed\n" +
            "result: {\"count\":2,\"first\":{\"name\":\"a.txt\",\"size\":12}}\n" +
            "logs (1):\n" +
            "[log] found 2 <entries>\n" +
            "calls (1):\n" +
            "#1 listDir (line 1, column 21): ok, 3.5 ms",
            text);
    }

    [Fact]
    public void F22_A_script_that_returns_nothing_is_reported_as_undefined()
    {
        string text = ModelReportFormatter.Format(new ScriptRunReport(ScriptRunStatus.Completed));

        Assert.Equal("status: completed\nresult: undefined (the script returned nothing)", text);
    }

    [Fact]
    public void A_failed_run_gives_the_error_code_limit_position_and_retry_hint()
    {
        var report = new ScriptRunReport(ScriptRunStatus.Failed)
        {
            Error = ScriptError.LimitExceeded(ScriptLimit.ExecutionTime, "The script ran for more than 30 s.") with { Line = 3, Column = 5 },
        };

        Assert.Equal(
            "status: failed\nerror: limit-exceeded (execution-time, line 3, column 5, not retryable): The script ran for more than 30 s.",
            ModelReportFormatter.Format(report));
    }

    [Fact]
    public void A_block_stopped_by_an_earlier_failure_names_that_block()
    {
        Assert.Equal(
            "status: not-run\nThis script did not run because script 2 of this message failed.",
            ModelReportFormatter.Format(ScriptReports.NotRun(), failedEarlier: 2));
    }
}
