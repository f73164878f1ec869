using DurableTask.Core;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>A payload over the configured maximum fails that call with a clear error, never the store.</summary>
public sealed class PayloadLimitTests : IDisposable
{
    private const int Limit = 64 * 1024;

    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task An_activity_result_over_the_limit_fails_that_call_and_the_orchestration_can_catch_it()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(s => s.MaxPayloadBytes = Limit));

        OrchestrationState state = await host.WaitAsync(await host.StartAsync<BigResultOrchestration>("big-result", 100_000));

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.StartsWith($"\"failed:{SqliteErrorCode.PayloadTooLarge}:", state.Output, StringComparison.Ordinal);
        Assert.Contains("BigResultActivity", state.Output, StringComparison.Ordinal);
        OrchestrationState fine = await host.WaitAsync(await host.StartAsync<BigResultOrchestration>("small-result", 1000));
        Assert.Equal("\"ok:1000\"", fine.Output);
    }

    [Fact]
    public async Task An_orchestration_output_over_the_limit_fails_that_orchestration_with_the_reason()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(s => s.MaxPayloadBytes = Limit));

        OrchestrationState state = await host.WaitAsync(await host.StartAsync<BigOutputOrchestration>("big-output", 100_000));

        Assert.Equal(OrchestrationStatus.Failed, state.OrchestrationStatus);
        Assert.Equal(SqliteErrorCode.PayloadTooLarge, state.FailureDetails?.ErrorType);
        Assert.Contains("ExecutionCompleted", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        OrchestrationState other = await host.WaitAsync(await host.StartAsync<SequenceOrchestration>("after-big", 2));
        Assert.Equal(OrchestrationStatus.Completed, other.OrchestrationStatus);
    }

    [Fact]
    public async Task A_client_input_over_the_limit_fails_the_start_and_stores_nothing()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(s => s.MaxPayloadBytes = Limit), withWorker: false);

        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(() =>
            host.StartAsync<SequenceOrchestration>("big-input", new string('i', 100_000)));

        Assert.Equal(SqliteErrorCode.PayloadTooLarge, error.Code);
        Assert.Null(await host.Client.GetOrchestrationStateAsync("big-input"));
    }

    [Fact]
    public async Task An_event_over_the_limit_fails_the_raise_call()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(s => s.MaxPayloadBytes = Limit), withWorker: false);
        OrchestrationInstance instance = await host.StartAsync<WaitForEventOrchestration>("big-event", "x");

        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(() =>
            host.Client.RaiseEventAsync(instance, "approve", new string('e', 100_000)));

        Assert.Equal(SqliteErrorCode.PayloadTooLarge, error.Code);
        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE EventType = 'EventRaised'"));
    }
}
