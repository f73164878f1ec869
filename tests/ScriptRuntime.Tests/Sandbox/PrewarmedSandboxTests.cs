using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Sandbox;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Sandbox;

/// <summary>Engines hardened ahead of time behave exactly like fresh ones and serve one run each.</summary>
public class PrewarmedSandboxTests
{
    private const string Script = """
        try { Object.prototype.x = 1; } catch {}
        const r = await tools.echo({ r: Math.random(), t: Date.now() });
        return [r.args.r, r.args.t, ({}).x === undefined];
        """;

    [Fact]
    public async Task A_prewarmed_engine_gives_the_same_report_as_a_fresh_one_and_the_pool_refills()
    {
        // Limits of their own, so no other test takes these engines.
        ScriptLimits limits = Scripts.Limits(l => l.MaxRecursionDepth = 123);
        ScriptRunReport fresh = await Scripts.RunAsync(Script, Scripts.Options(limits, seed: 99));

        int built = await Task.Run(() => ScriptRun.Prewarm(limits, 2));
        Assert.Equal(2, built);
        Assert.Equal(2, SandboxPool.ReadyCount(limits));

        ScriptRunReport first = await Scripts.RunAsync(Script, Scripts.Options(limits, seed: 99));
        ScriptRunReport second = await Scripts.RunAsync(Script, Scripts.Options(limits, seed: 99));

        Assert.Equal(2, SandboxPool.HitCount(limits));
        Assert.Equal(Scripts.ResultText(fresh), Scripts.ResultText(first));
        Assert.Equal(Scripts.ResultText(fresh), Scripts.ResultText(second));
        Assert.EndsWith("true]", Scripts.ResultText(first), StringComparison.Ordinal);

        // The rents queued a refill: the pool is back to two ready engines, new ones (never the rented).
        for (int i = 0; i < 200 && SandboxPool.ReadyCount(limits) < 2; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, SandboxPool.ReadyCount(limits));
        ScriptRunReport third = await Scripts.RunAsync(Script, Scripts.Options(limits, seed: 99));
        Assert.Equal(3, SandboxPool.HitCount(limits));
        Assert.Equal(Scripts.ResultText(fresh), Scripts.ResultText(third));
    }

    [Fact]
    public async Task Limits_never_prewarmed_get_a_fresh_engine_and_no_pool()
    {
        ScriptLimits limits = Scripts.Limits(l => l.MaxRecursionDepth = 211);

        ScriptRunReport report = await Scripts.RunAsync(Script, Scripts.Options(limits, seed: 5));

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal(0, SandboxPool.HitCount(limits));
        Assert.Equal(0, SandboxPool.ReadyCount(limits));
    }

    [Fact]
    public async Task A_burst_larger_than_the_pool_grows_it_so_the_next_burst_finds_engines_ready()
    {
        ScriptLimits limits = Scripts.Limits(l => l.MaxRecursionDepth = 133);
        ScriptRun.Prewarm(limits, 1);
        Assert.Equal(1, SandboxPool.TargetCount(limits));

        // Runs taken back to back outpace the refill: at least one finds the shelf empty.
        List<ScriptSandbox> taken = [];
        for (int i = 0; i < 100 && taken.Count == SandboxPool.HitCount(limits); i++)
        {
            taken.Add(SandboxPool.Rent(limits, () => DateTimeOffset.UnixEpoch, 1));
        }

        Assert.True(taken.Count > SandboxPool.HitCount(limits), "no rent missed the pool");
        Assert.Equal(2, SandboxPool.TargetCount(limits));
        for (int i = 0; i < 200 && SandboxPool.ReadyCount(limits) < 2; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, SandboxPool.ReadyCount(limits));
        taken.ForEach(sandbox => sandbox.Dispose());
    }

    [Fact]
    public void Prewarm_keeps_at_most_sixteen_engines_per_limits()
    {
        ScriptLimits limits = Scripts.Limits(l => l.MaxRecursionDepth = 77);

        ScriptRun.Prewarm(limits, 40);

        Assert.Equal(SandboxPool.MaxReadyPerKey, SandboxPool.ReadyCount(limits));
        Assert.Throws<ArgumentException>(() => ScriptRun.Prewarm(Scripts.Limits(l => l.ExecutionTimeMs = -1)));
    }
}
