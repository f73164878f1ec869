using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Execution;

public class SmokeTests
{
    [Fact]
    public async Task F01_a_single_call_returns_its_result()
    {
        ScriptRunReport report = await Scripts.RunAsync("const r = await tools.readFile({ path: 'a.txt' });\nreturn r.args.path;");
        Assert.True(report.Status == ScriptRunStatus.Completed, report.Error?.Message);
        Assert.Equal("\"a.txt\"", Scripts.ResultText(report));
        ToolCallRecord call = Assert.Single(report.Calls);
        Assert.Equal((1, "readFile", ToolCallStatus.Ok, 1, 17), (call.Id, call.Tool, call.Status, call.Line, call.Column));
    }
}
