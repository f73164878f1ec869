using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Limits;

/// <summary>Each limit, attacked for real, ends the run with limit-exceeded naming the limit.</summary>
public class LimitAttackTests
{
    private static readonly ScriptLimits ShortTime = Scripts.Limits(l => l.ExecutionTimeMs = 250);
    private static readonly ScriptLimits SmallMemory = Scripts.Limits(l => l.MemoryBytes = 16L * 1024 * 1024);

    [Fact]
    public async Task S05_an_infinite_loop_stops_at_the_execution_time_limit_even_inside_try_catch()
    {
        ScriptRunReport report = await Scripts.RunAsync("try { while (true) {} } catch (e) { return 'swallowed'; }", Scripts.Options(ShortTime));

        Scripts.AssertLimit(report, ScriptLimit.ExecutionTime);
        Assert.False(report.Error!.Retryable);
    }

    [Fact]
    public async Task An_infinite_loop_stops_at_the_statement_limit_deterministically()
    {
        ScriptRunReport report = await Scripts.RunAsync("let i = 0; for (;;) { i++; }", Scripts.Options(Scripts.Limits(l => l.MaxStatements = 10_000)));

        Scripts.AssertLimit(report, ScriptLimit.Statements);
    }

    [Fact]
    public async Task S06_a_self_scheduling_microtask_flood_ends_at_the_execution_time_limit()
    {
        ScriptRunReport report = await Scripts.RunAsync("""
            const loop = () => Promise.resolve().then(loop);
            loop();
            await tools.echo({});
            return 'done';
            """, Scripts.Options(ShortTime));

        Scripts.AssertLimit(report, ScriptLimit.ExecutionTime);
    }

    [Fact]
    public async Task S07_an_array_of_one_billion_hits_the_memory_limit()
    {
        ScriptRunReport report = await Scripts.RunAsync("const a = new Array(1e9).fill(0);\nreturn a.length;", Scripts.Options(SmallMemory));

        Scripts.AssertLimit(report, ScriptLimit.Memory);
    }

    [Fact]
    public async Task Pushing_objects_forever_hits_the_memory_limit()
    {
        ScriptRunReport report = await Scripts.RunAsync("const a = []; while (true) { a.push({ i: a.length, s: 'x' + a.length }); }", Scripts.Options(SmallMemory));

        Scripts.AssertLimit(report, ScriptLimit.Memory);
    }

    [Fact]
    public async Task Doubling_a_string_forever_is_stopped_without_harming_the_host()
    {
        ScriptRunReport report = await Scripts.RunAsync("let s = 'x'; while (true) { s = s + s; s.charCodeAt(s.length - 1); }", Scripts.Options(SmallMemory));

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.True(
            report.Error!.Code == ScriptErrorCode.LimitExceeded || report.Error.Message.Contains("RangeError", StringComparison.Ordinal),
            report.Error.Message);
    }

    [Theory]
    [InlineData("'x'.repeat(2 ** 30)")]
    [InlineData("'x'.padEnd(2 ** 30, 'y')")]
    [InlineData("new Array(2 ** 32 - 1).fill(0)")]
    [InlineData("Array.from({ length: 2 ** 30 }, () => 1)")]
    [InlineData("JSON.stringify(new Array(2 ** 26).fill('abcdefgh'))")]
    public async Task One_huge_allocation_fails_the_run_and_never_the_host(string attack)
    {
        ScriptRunReport report = await Scripts.RunAsync($"const huge = {attack};\nreturn 'survived';", Scripts.Options(SmallMemory));

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.True(
            report.Error!.Code == ScriptErrorCode.LimitExceeded || report.Error.Message.Contains("RangeError", StringComparison.Ordinal),
            report.Error.Message);
    }

    [Fact]
    public async Task Pushing_megabyte_strings_forever_hits_the_memory_limit()
    {
        ScriptRunReport report = await Scripts.RunAsync("const keep = []; while (true) { keep.push('y'.repeat(1 << 20)); }", Scripts.Options(SmallMemory));

        Scripts.AssertLimit(report, ScriptLimit.Memory);
    }

    [Fact]
    public async Task S08_deep_recursion_raises_the_recursion_limit_even_inside_try_catch()
    {
        ScriptRunReport report = await Scripts.RunAsync("function down(n) { return down(n + 1) + 1; }\ntry { down(0); } catch (e) { return 'swallowed'; }");

        Scripts.AssertLimit(report, ScriptLimit.RecursionDepth);
    }

    [Theory]
    [InlineData("/(a+)+$/.test('a'.repeat(40) + '!')")]
    [InlineData("new RegExp('(x+x+)+y').test('x'.repeat(40))")]
    [InlineData("'a'.repeat(40).concat('!').replace(/(a|aa)+$/g, '')")]
    public async Task A_catastrophic_regex_ends_within_the_execution_budget(string attack)
    {
        ScriptRunReport report = await Scripts.RunAsync($"return {attack};", Scripts.Options(ShortTime));

        Scripts.AssertLimit(report, ScriptLimit.ExecutionTime);
    }

    [Fact]
    public async Task S19_a_return_value_over_the_limit_fails_with_ReturnValueSize()
    {
        ScriptRunReport report = await Scripts.RunAsync("return 'z'.repeat(200 * 1024);");

        Scripts.AssertLimit(report, ScriptLimit.ReturnValueSize);
        Assert.Null(report.Result);
    }

    [Fact]
    public async Task A_script_over_the_size_limit_never_runs()
    {
        string script = "return 1;\n" + new string('/', 70_000);

        ScriptRunReport report = await Scripts.RunAsync(script);

        Scripts.AssertLimit(report, ScriptLimit.ScriptSize);
    }

    [Fact]
    public async Task S15_a_run_that_hit_limits_leaves_the_next_run_a_full_budget()
    {
        ScriptRunReport hung = await Scripts.RunAsync("while (true) {}", Scripts.Options(ShortTime));
        ScriptRunReport greedy = await Scripts.RunAsync("const k = []; while (true) k.push('q'.repeat(1 << 20));", Scripts.Options(SmallMemory));

        ScriptRunReport next = await Scripts.RunAsync("""
            let total = 0;
            for (let i = 0; i < 100000; i++) total += i;
            const r = await tools.echo({ total });
            return r.args.total;
            """, Scripts.Options(SmallMemory));

        Scripts.AssertLimit(hung, ScriptLimit.ExecutionTime);
        Scripts.AssertLimit(greedy, ScriptLimit.Memory);
        Assert.Equal(ScriptRunStatus.Completed, next.Status);
        Assert.Equal("4999950000", Scripts.ResultText(next));
    }

    [Fact]
    public async Task Time_spent_waiting_on_tools_does_not_count_against_the_budget()
    {
        // Warm up first, so the one-time JIT of this process is not part of the measured run.
        await Scripts.RunAsync("return await tools.echo({});");

        // Each call really waits longer than the whole budget; only interpreter time is charged.
        ScriptRunReport report = await Scripts.RunAsync(
            "const a = await tools.echo({ n: 1 });\nconst b = await tools.echo({ n: 2 });\nreturn a.args.n + b.args.n;",
            Scripts.Options(Scripts.Limits(l => l.ExecutionTimeMs = 1000)),
            async (call, token) =>
            {
                await Task.Delay(1200, token);
                return Scripts.EchoResult(call);
            });

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal("3", Scripts.ResultText(report));
    }

    [Fact]
    public async Task Large_tool_results_are_not_charged_to_the_scripts_memory_budget()
    {
        string big = new('r', 2 * 1024 * 1024);
        ScriptRunReport report = await Scripts.RunAsync(
            "let total = 0;\nfor (let i = 0; i < 12; i++) total += (await tools.readFile({ path: 'f' + i })).text.length;\nreturn total;",
            Scripts.Options(Scripts.Limits(l => (l.MemoryBytes, l.MaxToolResultBytes) = (SmallMemory.MemoryBytes, 4 * 1024 * 1024))),
            (_, _) => Task.FromResult(System.Text.Json.JsonSerializer.SerializeToElement(new { text = big })));

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal((12 * big.Length).ToString(System.Globalization.CultureInfo.InvariantCulture), Scripts.ResultText(report));
    }

    [Fact]
    public async Task Memory_kept_across_awaits_adds_up_to_the_limit()
    {
        ScriptRunReport report = await Scripts.RunAsync(
            "const keep = [];\nfor (let i = 0; i < 20; i++) { keep.push('k'.repeat(1 << 20) + i); await tools.echo({ i }); }\nreturn keep.length;",
            Scripts.Options(SmallMemory));

        Scripts.AssertLimit(report, ScriptLimit.Memory);
        Assert.InRange(report.Calls.Count, 1, 19);
    }

    [Fact]
    public async Task F27_on_a_timeout_the_calls_already_completed_are_in_the_report()
    {
        ScriptRunReport report = await Scripts.RunAsync("""
            for (let i = 0; i < 3; i++) await tools.echo({ i });
            while (true) {}
            """, Scripts.Options(Scripts.Limits(l => l.ExecutionTimeMs = 1000)));

        Scripts.AssertLimit(report, ScriptLimit.ExecutionTime);
        Assert.Equal(3, report.Calls.Count);
        Assert.All(report.Calls, c => Assert.Equal(ToolCallStatus.Ok, c.Status));
    }
}
