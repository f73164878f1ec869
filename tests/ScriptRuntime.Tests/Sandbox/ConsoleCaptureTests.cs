using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Sandbox;

/// <summary>console output is captured with levels and bounded.</summary>
public class ConsoleCaptureTests
{
    [Fact]
    public void Every_console_method_is_captured_with_its_level_and_formatted_arguments()
    {
        ScriptRunReport report = Scripts.Drive("""
            console.log('plain', 1, true, null, undefined);
            console.info({ a: [1, 2] });
            console.warn('careful');
            console.error(new TypeError('boom'));
            console.debug('details', () => 1);
            """).Report;

        Assert.Equal(
            [
                new ConsoleEntry(ConsoleLevel.Log, "plain 1 true null undefined"),
                new ConsoleEntry(ConsoleLevel.Info, """{"a":[1,2]}"""),
                new ConsoleEntry(ConsoleLevel.Warn, "careful"),
                new ConsoleEntry(ConsoleLevel.Error, "TypeError: boom"),
                new ConsoleEntry(ConsoleLevel.Log, "details [Function]"),
            ],
            report.Logs);
        Assert.False(report.LogsTruncated);
    }

    [Fact]
    public void A_log_flood_is_cut_at_the_entry_limit_with_one_marker_and_the_script_still_completes()
    {
        ScriptRunReport report = Scripts.Drive("for (let i = 0; i < 50000; i++) console.log('line', i);\nreturn 'done';").Report;

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.True(report.LogsTruncated);
        Assert.Equal(201, report.Logs.Count);
        Assert.Equal("line 199", report.Logs[199].Message);
        Assert.Contains("truncated", report.Logs[200].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_output_is_cut_at_the_byte_limit()
    {
        ScriptRunReport report = Scripts.Drive("console.log('a'.repeat(40000));\nconsole.log('b'.repeat(40000));\nconsole.log('never');").Report;

        Assert.True(report.LogsTruncated);
        Assert.Equal(65536, report.Logs.Where(l => !l.Message.StartsWith("[console", StringComparison.Ordinal)).Sum(l => l.Message.Length));
        Assert.DoesNotContain(report.Logs, l => l.Message == "never");
    }

    [Fact]
    public void Console_and_its_methods_cannot_be_replaced()
    {
        ScriptRunReport report = Scripts.Drive("""
            const out = [];
            for (const f of [() => { console.log = () => {}; }, () => { console.extra = 1; }, () => { globalThis.console = {}; }]) {
              try { f(); out.push('allowed'); } catch (e) { out.push(e.name); }
            }
            return out;
            """).Report;

        Assert.Equal("""["TypeError","TypeError","TypeError"]""", Scripts.ResultText(report));
    }
}
