using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Limits;

/// <summary>A tool result larger than <c>maxToolResultBytes</c> never reaches the script: its call rejects with a catchable limit error.</summary>
public class ToolResultSizeTests
{
    private const int Limit = 1_000;

    private static readonly ScriptRunOptions Small = Scripts.Options(Scripts.Limits(l => l.MaxToolResultBytes = Limit));

    private const string CatchAndGoOn = """
        let caught;
        try { await tools.readFile({ path: 'big.log' }); } catch (e) { caught = { code: e.code, limit: e.limit, tool: e.tool, callId: e.callId, message: e.message }; }
        const next = await tools.readFile({ path: 'big.log', limit: 10 });
        return { caught, next };
        """;

    /// <summary>A JSON string of exactly <paramref name="bytes"/> UTF-8 bytes, quotes included.</summary>
    private static JsonElement StringOfBytes(int bytes, char fill = 'x') =>
        Scripts.Json("\"" + new string(fill, (bytes - 2) / System.Text.Encoding.UTF8.GetByteCount(fill.ToString())) + "\"");

    [Fact]
    public void A_result_exactly_at_the_limit_reaches_the_script()
    {
        (ScriptRunReport report, _, _) = Scripts.Drive("return (await tools.readFile({ path: 'a' })).length;", Small, _ => ToolOutcome.Success(StringOfBytes(Limit)));

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal((Limit - 2).ToString(System.Globalization.CultureInfo.InvariantCulture), Scripts.ResultText(report));
        Assert.Equal(ToolCallStatus.Ok, Assert.Single(report.Calls).Status);
    }

    [Fact]
    public void A_result_one_byte_over_the_limit_rejects_with_ToolResultSize_and_the_script_catches_it_and_goes_on()
    {
        (ScriptRunReport report, _, _) = Scripts.Drive(CatchAndGoOn, Small, call =>
            ToolOutcome.Success(call.CallId == 1 ? StringOfBytes(Limit + 1) : Scripts.Json("\"first ten lines\"")));

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        JsonElement result = report.Result!.Value;
        JsonElement caught = result.GetProperty("caught");
        Assert.Equal("limit-exceeded", caught.GetProperty("code").GetString());
        Assert.Equal("toolResultSize", caught.GetProperty("limit").GetString());
        Assert.Equal("readFile", caught.GetProperty("tool").GetString());
        Assert.Equal(1, caught.GetProperty("callId").GetInt32());
        string message = caught.GetProperty("message").GetString()!;
        Assert.Contains($"is {Limit + 1} bytes", message, StringComparison.Ordinal);
        Assert.Contains($"at most {Limit} bytes", message, StringComparison.Ordinal);
        Assert.Contains("Ask for less", message, StringComparison.Ordinal);
        Assert.Equal("first ten lines", result.GetProperty("next").GetString());
    }

    [Fact]
    public void The_call_record_shows_the_call_failed_with_the_limit_error_and_not_the_result()
    {
        JsonElement huge = Scripts.Json("{\"content\":\"" + new string('q', 5_000) + "\"}");
        (ScriptRunReport report, _, _) = Scripts.Drive(CatchAndGoOn, Small, call =>
            call.CallId == 1 ? ToolOutcome.Success(huge, durationMs: 12.5) : ToolOutcome.Success(Scripts.Json("\"ok\"")));

        ToolCallRecord record = report.Calls[0];
        Assert.Equal(ToolCallStatus.Failed, record.Status);
        Assert.Equal(ScriptErrorCode.LimitExceeded, record.Error?.Code);
        Assert.Equal(ScriptLimit.ToolResultSize, record.Error?.Limit);
        Assert.False(record.Error!.Retryable);
        Assert.Equal(12.5, record.DurationMs);
        Assert.Equal(ToolCallStatus.Ok, report.Calls[1].Status);
        Assert.DoesNotContain(new string('q', 100), JsonSerializer.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public void An_uncaught_oversized_result_fails_the_run_with_ToolResultSize()
    {
        (ScriptRunReport report, _, _) = Scripts.Drive("const text = await tools.readFile({ path: 'a' });\nreturn text.length;", Small, _ => ToolOutcome.Success(StringOfBytes(Limit * 2)));

        Scripts.AssertLimit(report, ScriptLimit.ToolResultSize);
        Assert.Equal(1, report.Error!.Line);
    }

    [Fact]
    public void The_size_is_counted_in_utf8_bytes_of_the_json()
    {
        // 600 characters of 'é' are 1,202 bytes with the quotes: over a 1,000-byte limit though only 602 characters long.
        JsonElement accented = Scripts.Json("\"" + new string('é', 600) + "\"");

        (ScriptRunReport report, _, _) = Scripts.Drive("try { await tools.echo({}); return 'fit'; } catch (e) { return e.limit; }", Small, _ => ToolOutcome.Success(accented));

        Assert.Equal("\"toolResultSize\"", Scripts.ResultText(report));
    }

    [Fact]
    public void A_failed_outcome_keeps_its_own_error()
    {
        ScriptError failure = ScriptError.Create(ScriptErrorCode.ToolFailed, new string('e', 5_000));

        (ScriptRunReport report, _, _) = Scripts.Drive("try { await tools.echo({}); } catch (e) { return e.code; }", Small, _ => ToolOutcome.Failure(failure));

        Assert.Equal("\"tool-failed\"", Scripts.ResultText(report));
        Assert.Equal(failure, report.Calls[0].Error);
    }

    [Fact]
    public void An_oversized_result_of_a_spawned_call_that_outlives_the_script_is_recorded_as_failed()
    {
        (ScriptRunReport report, _, _) = Scripts.Drive("tools.spawn.exec({ command: ['build'] });\nreturn 'started';", Small, _ => ToolOutcome.Success(StringOfBytes(Limit + 1)));

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        ToolCallRecord spawned = Assert.Single(report.Calls);
        Assert.Equal(ToolCallStatus.Failed, spawned.Status);
        Assert.Equal(ScriptLimit.ToolResultSize, spawned.Error?.Limit);
    }

    [Theory]
    [InlineData(1_048_576, "\"fit\"")]
    [InlineData(1_048_577, "\"toolResultSize\"")]
    public async Task The_in_process_driver_applies_the_default_limit_of_1_MiB(int bytes, string expected)
    {
        Assert.Equal(1_048_576, new ScriptLimits().MaxToolResultBytes);

        ScriptRunReport report = await Scripts.RunAsync(
            "try { await tools.readFile({ path: 'a' }); return 'fit'; } catch (e) { return e.limit; }",
            tools: (_, _) => Task.FromResult(StringOfBytes(bytes)));

        Assert.Equal(expected, Scripts.ResultText(report));
    }
}
