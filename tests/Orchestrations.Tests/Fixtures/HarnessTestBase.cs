using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>Helpers shared by the end-to-end tests: start a one-block turn, wait for a pending call, wait for the end.</summary>
public abstract class HarnessTestBase
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("ORCH_TEST_PATIENCE") is { } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 90);

    protected HarnessTestBase(HarnessFixture fixture) => this.Fixture = fixture;

    protected HarnessFixture Fixture { get; }

    protected ScriptRunClient Runs => this.Fixture.Runs;

    protected static TurnRequest Turn(params string[] scripts) =>
        new($"conv-{Guid.NewGuid():N}", "turn-1", scripts, "/");

    protected TurnRequest TurnIn(params string[] scripts) => Turn(scripts) with { Workspace = this.Fixture.Workspace };

    protected async Task<string> StartAsync(string script, Func<TurnRequest, TurnRequest>? adjust = null)
    {
        TurnRequest request = this.TurnIn(script);
        TurnStart started = await this.Runs.StartTurnAsync(adjust is null ? request : adjust(request));
        return started.RunInstanceIds[0];
    }

    protected async Task<RunView> RunToEndAsync(string script, Func<TurnRequest, TurnRequest>? adjust = null) =>
        await this.WaitForEndAsync(await this.StartAsync(script, adjust));

    protected async Task<RunView> WaitForEndAsync(string instanceId)
    {
        using CancellationTokenSource timeout = new(Patience);
        await this.Runs.GetRunAsync(instanceId, timeout.Token);
        while (await this.Runs.GetRunAsync(instanceId, timeout.Token) is null)
        {
            await Task.Delay(25, timeout.Token);
        }

        return await this.Runs.WaitForRunAsync(instanceId, timeout.Token);
    }

    /// <summary>Polls the run's custom status until <paramref name="callId"/> waits for <paramref name="kind"/>.</summary>
    protected async Task<RunStatus> WaitForPendingAsync(string instanceId, int callId, PendingKind kind = PendingKind.Approval)
    {
        using CancellationTokenSource timeout = new(Patience);
        while (true)
        {
            RunView? view = await this.Runs.GetRunAsync(instanceId, timeout.Token);
            if (view?.Status is { } status && status.Pending.Any(p => p.CallId == callId && p.Kind == kind))
            {
                return status;
            }

            Assert.False(view?.Output is not null, $"Run {instanceId} finished before call {callId} waited: {view?.Output?.Report.Error?.Message}");
            await Task.Delay(25, timeout.Token);
        }
    }

    /// <summary>Polls the run's custom status until <paramref name="condition"/> holds.</summary>
    protected async Task<RunStatus> WaitForStatusAsync(string instanceId, Func<RunStatus, bool> condition)
    {
        using CancellationTokenSource timeout = new(Patience);
        while (true)
        {
            RunView? view = await this.Runs.GetRunAsync(instanceId, timeout.Token);
            if (view?.Status is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(25, timeout.Token);
        }
    }

    protected static ApprovalDecision Approve(string by = "alice", DecisionScope scope = DecisionScope.Call) =>
        new(DecisionVerdict.Approve, scope, "looks fine", by, "key-1");

    protected static ApprovalDecision Deny(string reason = "not now", string by = "bob", DecisionScope scope = DecisionScope.Call) =>
        new(DecisionVerdict.Deny, scope, reason, by, "key-2");
}
