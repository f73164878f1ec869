using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Sandbox;

/// <summary>Date and Math.random come from the host, so a replay sees the same values.</summary>
public class ReplaySafeGlobalsTests
{
    private const string RandomScript = "return Array.from({ length: 5 }, () => Math.random());";

    [Fact]
    public void Math_random_gives_the_same_sequence_for_the_same_seed_and_another_for_another_seed()
    {
        string first = Scripts.ResultText(Scripts.Drive(RandomScript, Scripts.Options(seed: 42)).Report);
        string again = Scripts.ResultText(Scripts.Drive(RandomScript, Scripts.Options(seed: 42)).Report);
        string other = Scripts.ResultText(Scripts.Drive(RandomScript, Scripts.Options(seed: 43)).Report);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(5, Scripts.Json(first).EnumerateArray().Select(e => e.GetDouble()).Distinct().Count());
        Assert.All(Scripts.Json(first).EnumerateArray(), e => Assert.InRange(e.GetDouble(), 0, 0.9999999999));
    }

    [Fact]
    public void Date_reads_the_host_clock_in_UTC()
    {
        ScriptRunReport report = Scripts.Drive("""
            const d = new Date();
            return [Date.now(), d.toISOString(), d.getTimezoneOffset(), new Date(0).getHours(), new Date(2026, 0, 1).toISOString()];
            """).Report;

        Assert.Equal(
            """[1767323045000,"2026-01-02T03:04:05.000Z",0,0,"2026-01-01T00:00:00.000Z"]""",
            Scripts.ResultText(report));
    }

    [Fact]
    public void The_clock_is_read_again_at_each_step_so_an_orchestrator_can_advance_it()
    {
        DateTimeOffset now = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        ScriptRunOptions options = new() { Tools = [Scripts.Echo], Clock = () => now };

        ScriptStep step = ScriptRun.Start("const before = Date.now();\nawait tools.echo({});\nreturn Date.now() - before;", options);
        now = now.AddSeconds(90);
        ScriptStep done = step.Run.Settle(1, ToolOutcome.Success(Scripts.Json("{}")));

        Assert.Equal("90000", Scripts.ResultText(done.Report!));
    }

    [Fact]
    public void Number_and_date_formatting_use_the_invariant_culture()
    {
        ScriptRunReport report = Scripts.Drive("return [(1234.5).toLocaleString(), (0.1 + 0.2).toString(), new Date(0).toString()];").Report;

        string text = Scripts.ResultText(report);
        Assert.Contains("\"0.30000000000000004\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1.234,5", text, StringComparison.Ordinal);
        Assert.Contains("1970", text, StringComparison.Ordinal);
    }

    [Fact]
    public void F16_two_runs_of_the_same_script_with_the_same_inputs_produce_identical_reports()
    {
        const string Script = """
            const picks = [];
            for (let i = 0; i < 3; i++) picks.push((await tools.echo({ r: Math.random(), t: Date.now() })).args);
            console.log('picked', picks.length);
            return picks;
            """;

        var (first, firstCalls, _) = Scripts.Drive(Script);
        var (second, secondCalls, _) = Scripts.Drive(Script);

        Assert.Equal(Scripts.ResultText(first), Scripts.ResultText(second));
        Assert.Equal(firstCalls.Select(c => c.Args.GetRawText()), secondCalls.Select(c => c.Args.GetRawText()));
        Assert.Equal(first.Logs, second.Logs);
    }
}
