using Microsoft.DurableTask;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

[Collection(HarnessCollection.Name)]
public class InFlightLimitTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task Promise_all_over_the_in_flight_limit_queues_the_extra_calls_and_never_fails_them()
    {
        string prefix = $"inflight-{Guid.NewGuid():N}";
        ScriptRunInput input = new(
            $"return (await Promise.all([0, 1, 2, 3, 4].map(i => tools.wait({{ gate: '{prefix}-' + i }})))).length;",
            new RunContext("c", $"t-{Guid.NewGuid():N}", 0, this.Fixture.Workspace))
        {
            Limits = new ScriptLimits { MaxToolCallsInFlight = 2 },
            HostPolicy = new ApprovalPolicy { Rules = [new ApprovalRule { Tool = "wait", Action = ApprovalAction.Allow }] },
        };
        string id = $"inflight-{Guid.NewGuid():N}";
        this.Fixture.Gates.ResetMax();
        await this.Fixture.Durable.ScheduleNewOrchestrationInstanceAsync(OrchestratorNames.ScriptRun, input, new StartOrchestrationOptions(id) { Version = ReplayContract.CurrentVersion });

        // Release the gates one at a time, in order: each call can only start once an earlier one finished.
        for (int i = 0; i < 5; i++)
        {
            await this.Fixture.Gates.WhenEnteredAsync($"{prefix}-{i}");
            this.Fixture.Gates.Release($"{prefix}-{i}");
        }

        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal(5, done.Output!.Report.Result!.Value.GetInt32());
        Assert.All(done.Output.Report.Calls, c => Assert.Equal(ToolCallStatus.Ok, c.Status));
        Assert.InRange(this.Fixture.Gates.MaxInside, 1, 2);
    }
}
