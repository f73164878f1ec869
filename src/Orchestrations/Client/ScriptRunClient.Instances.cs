using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Turns;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// The instance-level half of the door: listing, a turn's runs, the audit history, and the
/// framework's suspend, resume and purge, with the framework's refusals translated into
/// <see cref="ScriptRunClientException"/> codes.
/// </summary>
public sealed partial class ScriptRunClient
{
    /// <summary>
    /// One page of runs and turns. <paramref name="statuses"/> (none: every status) filters;
    /// <paramref name="continuationToken"/> is the <see cref="RunListPage.ContinuationToken"/> of
    /// the page before.
    /// </summary>
    public async Task<RunListPage> ListRunsAsync(IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses = null, int pageSize = 100, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        if (pageSize < 1)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "pageSize must be at least 1.");
        }

        OrchestrationQuery query = new() { PageSize = pageSize, ContinuationToken = continuationToken, Statuses = statuses is { Count: > 0 } ? statuses : null };
        return await Translated(async () =>
        {
            await foreach (Page<OrchestrationMetadata> page in this.client.GetAllInstancesAsync(query).AsPages(continuationToken, pageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                return new RunListPage([.. page.Values.Select(m => new RunListItem(m.InstanceId, m.Name, m.RuntimeStatus, m.CreatedAt, m.LastUpdatedAt))], page.ContinuationToken);
            }

            return new RunListPage([], null);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The run ids of a turn, one per block in block order, whether or not each has started; null
    /// when <paramref name="instanceId"/> names no turn (a run, or nothing).
    /// </summary>
    public async Task<IReadOnlyList<string>?> GetTurnRunIdsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        RequireInstanceId(instanceId);
        OrchestrationMetadata? metadata = await this.client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata?.Name != OrchestratorNames.ScriptTurn)
        {
            return null;
        }

        int runs = metadata.ReadInputAs<ScriptTurnInput>()?.Runs.Count ?? 0;
        return [.. Enumerable.Range(0, runs).Select(i => RunIds.Run(instanceId, i))];
    }

    /// <summary>
    /// The input of a turn (its runs, and the model output and provider it was started with); null
    /// when <paramref name="instanceId"/> names no turn (a run, or nothing).
    /// </summary>
    public async Task<ScriptTurnInput?> GetTurnInputAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        RequireInstanceId(instanceId);
        OrchestrationMetadata? metadata = await this.client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return metadata?.Name == OrchestratorNames.ScriptTurn ? metadata.ReadInputAs<ScriptTurnInput>() : null;
    }

    /// <summary>
    /// The run's audit history: every event (script input, each call with its arguments and
    /// result, each decision with its decider, timers, the report), in order. Refused with
    /// <c>not-found</c> when no run or turn has the id.
    /// </summary>
    public async Task<IReadOnlyList<DurableHistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        RequireInstanceId(instanceId);
        IReadOnlyList<DurableHistoryEvent> events = await Translated(() => this.history.ReadAsync(instanceId, cancellationToken)).ConfigureAwait(false);
        if (events.Count == 0)
        {
            // An empty history is also what an unknown id reads as.
            _ = await this.RequireRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }

        return events;
    }

    /// <summary>The framework's suspend: nothing of the run is processed until it is resumed.</summary>
    public async Task SuspendAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        _ = await this.RequireRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await Translated(() => this.client.SuspendInstanceAsync(instanceId, reason, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The framework's resume of a suspended run.</summary>
    public async Task ResumeAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        _ = await this.RequireRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await Translated(() => this.client.ResumeInstanceAsync(instanceId, reason, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a framework operation, turning its refusals (an operation the backend or the
    /// instance's state does not allow; DTFx's own exceptions derive from these) into
    /// <see cref="ClientErrorCode.Refused"/>.
    /// </summary>
    private static async Task<T> Translated<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException)
        {
            throw new ScriptRunClientException(ClientErrorCode.Refused, ex.Message, ex);
        }
    }

    private static Task Translated(Func<Task> operation) =>
        Translated(async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        });
}
