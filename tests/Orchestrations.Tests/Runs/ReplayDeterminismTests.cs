using System.Text.Json;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

/// <summary>
/// Each approval and each completion is a new episode in which the script is replayed from the
/// start against the history: these tests make the script compute values before a wait and
/// compare them with what it computes in the final replay.
/// </summary>
[Collection(HarnessCollection.Name)]
public class ReplayDeterminismTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task Date_now_and_Math_random_are_identical_across_replays()
    {
        string id = await this.StartAsync("""
            const t = Date.now();
            const iso = new Date().toISOString();
            const r = [Math.random(), Math.random()];
            await tools.record({ t, iso, r });
            return { t, iso, r };
            """);
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Approve());
        RunView done = await this.WaitForEndAsync(id);

        // The activity ran with arguments computed in the episode after the approval; the return
        // value comes from the final episode, after the activity completed.
        JsonElement recorded = this.Fixture.Ledger.ArgsOf(id, "record")!.Value;
        JsonElement returned = done.Output!.Report.Result!.Value;
        Assert.Equal(recorded.GetProperty("t").GetDouble(), returned.GetProperty("t").GetDouble());
        Assert.Equal(recorded.GetProperty("iso").GetString(), returned.GetProperty("iso").GetString());
        Assert.Equal(recorded.GetProperty("r").GetRawText(), returned.GetProperty("r").GetRawText());
        Assert.NotEqual(returned.GetProperty("r")[0].GetDouble(), returned.GetProperty("r")[1].GetDouble());
        // Orchestration time, not some fixed instant: within the run's lifetime.
        Assert.InRange(returned.GetProperty("t").GetDouble(), done.CreatedAt.ToUnixTimeMilliseconds() - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1);
    }

    [Fact]
    public async Task Two_runs_get_different_random_sequences()
    {
        RunView a = await this.RunToEndAsync("return Math.random();");
        RunView b = await this.RunToEndAsync("return Math.random();");
        Assert.NotEqual(a.Output!.Report.Result!.Value.GetDouble(), b.Output!.Report.Result!.Value.GetDouble());
    }

    [Fact]
    public async Task Promise_race_keeps_its_winner_across_replays_even_when_the_loser_was_started_first()
    {
        string id = await this.StartAsync("""
            const slow = tools.wait({ gate: 'race-slow' });
            const fast = tools.wait({ gate: 'race-fast' });
            const winner = await Promise.race([slow, fast]);
            console.log('winner', winner.gate);
            await slow;
            await tools.record({ winner: winner.gate });
            return winner.gate;
            """);
        await this.Fixture.Gates.WhenEnteredAsync("race-slow");
        await this.Fixture.Gates.WhenEnteredAsync("race-fast");
        this.Fixture.Gates.Release("race-fast");
        await this.WaitForStatusAsync(id, s => s.CallsDone >= 1);
        this.Fixture.Gates.Release("race-slow");

        await this.WaitForPendingAsync(id, 3);
        await this.Runs.DecideAsync(id, 3, Approve());
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal("race-fast", done.Output!.Report.Result!.Value.GetString());
        Assert.Equal("winner race-fast", Assert.Single(done.Output.Report.Logs).Message);
        Assert.Equal("race-fast", this.Fixture.Ledger.ArgsOf(id, "record")!.Value.GetProperty("winner").GetString());
        Assert.All(done.Output.Report.Calls, c => Assert.Equal(ToolCallStatus.Ok, c.Status));
    }
}
