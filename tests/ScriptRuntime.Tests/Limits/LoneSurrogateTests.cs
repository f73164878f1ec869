using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Limits;

/// <summary>A lone surrogate cannot be UTF-8 text: each crossing gives a typed script error, never internal.</summary>
public class LoneSurrogateTests
{
    [Theory]
    [InlineData("'\\ud800'")]
    [InlineData("{ a: ['ok', '\\udc00x'] }")]
    [InlineData("{ ['\\ud83d']: 1 }")]
    public void A_return_value_with_a_lone_surrogate_is_a_runtime_error(string value)
    {
        ScriptRunReport report = Scripts.Drive($"return {value};").Report;

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.Equal(ScriptErrorCode.RuntimeError, report.Error!.Code);
        Assert.Contains("lone surrogate", report.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_paired_surrogate_is_fine()
    {
        Assert.Equal("\ud83d\ude00", Scripts.Drive("return '\\ud83d\\ude00';").Report.Result!.Value.GetString());
    }

    [Fact]
    public void A_tool_argument_with_a_lone_surrogate_is_a_catchable_tool_validation_error()
    {
        var (report, dispatched, _) = Scripts.Drive("try { await tools.echo({ a: '\\ud800' }); } catch (e) { return e.code; }");

        Assert.Equal("\"tool-validation\"", Scripts.ResultText(report));
        Assert.Empty(dispatched);
    }

    [Fact]
    public void An_uncaught_one_fails_the_run_typed()
    {
        ScriptRunReport report = Scripts.Drive("return await tools.echo({ a: '\\ud800' });").Report;

        Assert.Equal(ScriptErrorCode.ToolValidation, report.Error!.Code);
    }

    [Fact]
    public void A_tool_result_with_a_lone_surrogate_rejects_the_call_as_tool_failed()
    {
        var (report, _, _) = Scripts.Drive(
            "try { await tools.echo({}); return 'delivered'; } catch (e) { return e.code; }",
            answer: _ => ToolOutcome.Success(Scripts.Json("""{"text":"\ud800"}""")));

        Assert.Equal("\"tool-failed\"", Scripts.ResultText(report));
    }

    [Fact]
    public void A_console_message_with_a_lone_surrogate_is_logged_with_a_replacement_character()
    {
        ScriptRunReport report = Scripts.Drive("console.log('a\\ud800b'); return 1;").Report;

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal("a\uFFFDb", Assert.Single(report.Logs).Message);
    }
}
