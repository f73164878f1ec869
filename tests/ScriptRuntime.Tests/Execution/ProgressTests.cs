using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Execution;

/// <summary><c>context.emitProgress</c>: the one function on the frozen <c>context</c>.</summary>
public class ProgressTests
{
    [Fact]
    public async Task EmitProgress_hands_each_message_to_the_host_as_text_in_order()
    {
        List<string> seen = [];
        ScriptRunOptions options = WithProgress(seen.Add);

        ScriptRunReport report = await Scripts.RunAsync(
            """
            context.emitProgress('reading files');
            await tools.echo({ n: 1 });
            context.emitProgress({ done: 1, of: 2 });
            context.emitProgress(42);
            return 'ok';
            """,
            options);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal(["reading files", """{"done":1,"of":2}""", "42"], seen);
    }

    [Fact]
    public async Task Context_stays_frozen_with_emitProgress_on_it()
    {
        ScriptRunReport report = await Scripts.RunAsync(
            """
            const attempts = [];
            try { context.emitProgress = () => 'hijacked'; } catch (e) { attempts.push(e.name); }
            try { delete context.emitProgress; } catch (e) { attempts.push(e.name); }
            try { context.extra = 1; } catch (e) { attempts.push(e.name); }
            return { attempts, frozen: Object.isFrozen(context), type: typeof context.emitProgress };
            """,
            WithProgress(_ => { }));

        Assert.Equal("""{"attempts":["TypeError","TypeError","TypeError"],"frozen":true,"type":"function"}""", Scripts.ResultText(report));
    }

    [Fact]
    public async Task Without_a_progress_receiver_the_context_has_no_emitProgress()
    {
        ScriptRunReport report = await Scripts.RunAsync("return typeof context.emitProgress;");

        Assert.Equal("\"undefined\"", Scripts.ResultText(report));
    }

    private static ScriptRunOptions WithProgress(Action<string> progress)
    {
        ScriptRunOptions defaults = Scripts.Options();
        return new ScriptRunOptions
        {
            Tools = defaults.Tools,
            Limits = defaults.Limits,
            Clock = defaults.Clock,
            RandomSeed = defaults.RandomSeed,
            Progress = progress,
        };
    }
}
