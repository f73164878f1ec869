using System.Text.Json;
using ScriptHarness.Host.Reports;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Tests.Host.Http;

/// <summary>
/// The report's enums are kebab case in what the Host prints and answers (<c>run --json</c>, the
/// HTTP API, MCP), while runs record them as before, and JSON in the earlier spelling still reads.
/// </summary>
public sealed class WireEnumTests
{
    private const string EarlierSpelling = """
        {"block":1,"instanceId":"t:1","status":"notRun","calls":[{"id":1,"tool":"exec","args":{},"status":"TimedOut","error":{"code":"limit-exceeded","message":"m","retryable":false,"limit":"ToolCalls"}},{"id":2,"tool":"readFile","args":{},"status":"NotReached"}],"logs":[{"level":"Warn","message":"hi"}]}
        """;

    [Fact]
    public void A_report_written_in_the_earlier_spelling_reads_and_is_written_in_kebab_case()
    {
        BlockReport report = JsonSerializer.Deserialize<BlockReport>(EarlierSpelling, ReportJson.Options)!;

        Assert.True(BlockReport.IsNotRun(report.Status));
        Assert.Equal([ToolCallStatus.TimedOut, ToolCallStatus.NotReached], report.Calls.Select(c => c.Status));
        Assert.Equal(ScriptLimit.ToolCalls, report.Calls[0].Error!.Limit);
        Assert.Equal(ConsoleLevel.Warn, Assert.Single(report.Logs).Level);

        string written = ReportJson.Line(report with { Status = BlockReport.NotRun });
        Assert.Contains("\"status\":\"timed-out\"", written, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"not-reached\"", written, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"not-run\"", written, StringComparison.Ordinal);
        Assert.Contains("\"limit\":\"tool-calls\"", written, StringComparison.Ordinal);
        Assert.Contains("\"level\":\"warn\"", written, StringComparison.Ordinal);

        // The kebab-case line reads back to the same values.
        BlockReport again = JsonSerializer.Deserialize<BlockReport>(written, ReportJson.Options)!;
        Assert.Equal(report.Calls.Select(c => (c.Status, c.Error?.Limit)), again.Calls.Select(c => (c.Status, c.Error?.Limit)));
    }

    [Fact]
    public void Runs_record_the_report_s_enums_as_before_so_existing_histories_and_outputs_read_unchanged()
    {
        ToolCallRecord call = new(1, "exec", JsonSerializer.SerializeToElement(new { }), ToolCallStatus.TimedOut) { Error = ScriptError.LimitExceeded(ScriptLimit.ToolCalls, "m") };

        // What the durable store records (the runtime's own converters, outside the Host's options).
        string recorded = JsonSerializer.Serialize(call, JsonSerializerOptions.Web);
        Assert.Contains("\"status\":\"TimedOut\"", recorded, StringComparison.Ordinal);
        Assert.Contains("\"limit\":\"ToolCalls\"", recorded, StringComparison.Ordinal);
        Assert.Equal(ToolCallStatus.TimedOut, JsonSerializer.Deserialize<ToolCallRecord>(recorded, JsonSerializerOptions.Web)!.Status);
        Assert.Equal(ToolCallStatus.TimedOut, JsonSerializer.Deserialize<ToolCallRecord>(recorded, ReportJson.Options)!.Status);
    }

    [Theory]
    [InlineData("notRun")]
    [InlineData("not-run")]
    public void A_block_that_did_not_run_exits_with_the_nothing_ran_code_in_either_spelling(string status) =>
        Assert.Equal(ScriptHarness.Host.Cli.ExitCodes.NotRun, ScriptHarness.Host.Cli.RunWatcher.ExitCode([new BlockReport(0, null, status)]));
}
