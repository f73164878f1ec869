using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Durable.Shims;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
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
    /// One page of runs and turns, newest first (creation time, then id), filtered by
    /// <paramref name="query"/> (null: everything); <paramref name="continuationToken"/> is the
    /// <see cref="RunListPage.ContinuationToken"/> of the page before. On a store that indexes runs
    /// (SQLite) every filter and the order are the store's and a page reads only its own rows. On
    /// the others, status and creation time are filtered by the store; the order, the phase and the
    /// conversation are applied here over the store's matching instances (their metadata; their
    /// inputs too when a conversation is asked for), so the cost of a page grows with the runs
    /// that match the store-side filters.
    /// </summary>
    public async Task<RunListPage> ListRunsAsync(RunListQuery? query = null, int pageSize = 100, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        if (pageSize < 1)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "pageSize must be at least 1.");
        }

        query ??= new RunListQuery();
        if (query.CreatedFrom > query.CreatedTo)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "createdFrom is after createdTo.");
        }

        RunListCursor? after = continuationToken is { Length: > 0 } token ? RunListCursor.Parse(token) : null;
        if (this.client is TaskHubDurableTaskClient { CanListFromIndex: true } indexed)
        {
            return await ListFromIndexAsync(indexed, query, pageSize, after, cancellationToken).ConfigureAwait(false);
        }

        bool byConversation = query.ConversationId is not null;
        OrchestrationQuery storeQuery = new()
        {
            PageSize = 1000,
            Statuses = query.Statuses is { Count: > 0 } statuses ? statuses : null,
            CreatedFrom = query.CreatedFrom,
            CreatedTo = query.CreatedTo,
            InstanceIdPrefix = RunIds.Prefix,
            FetchInputsAndOutputs = byConversation,
        };

        List<RunListItem> matching = await Translated(async () =>
        {
            List<RunListItem> items = [];
            await foreach (OrchestrationMetadata metadata in this.client.GetAllInstancesAsync(storeQuery).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                RunListItem item = ListItem(metadata, byConversation);
                if ((query.Phase is null || item.Phase == query.Phase) &&
                    (!byConversation || item.ConversationId == query.ConversationId) &&
                    (after is not { } cursor || cursor.Precedes(item)))
                {
                    items.Add(item);
                }
            }

            return items;
        }).ConfigureAwait(false);

        RunListItem[] page = [.. matching
            .OrderByDescending(i => i.CreatedAt.UtcTicks)
            .ThenByDescending(i => i.InstanceId, StringComparer.Ordinal)
            .Take(pageSize)];
        if (!byConversation)
        {
            // The conversation lives in the input, read for the page's items only.
            for (int i = 0; i < page.Length; i++)
            {
                OrchestrationMetadata? full = await this.client.GetInstanceAsync(page[i].InstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
                page[i] = page[i] with { ConversationId = full is null ? null : ConversationOf(full) };
            }
        }

        string? next = matching.Count > pageSize ? RunListCursor.After(page[^1]).ToString() : null;
        return new RunListPage(page, next);
    }

    private static RunListItem ListItem(OrchestrationMetadata metadata, bool withInput) =>
        new(metadata.InstanceId, metadata.Name, metadata.RuntimeStatus, metadata.CreatedAt, metadata.LastUpdatedAt)
        {
            Phase = metadata.Name == OrchestratorNames.ScriptRun && metadata.RuntimeStatus == OrchestrationRuntimeStatus.Running && metadata.SerializedCustomStatus is { Length: > 0 }
                ? metadata.ReadCustomStatusAs<RunStatus>()?.Phase
                : null,
            ConversationId = withInput ? ConversationOf(metadata) : null,
            ContinuedFrom = metadata.Name == OrchestratorNames.ScriptRun ? ContinuedFromOf(metadata) : null,
        };

    private static string? ConversationOf(OrchestrationMetadata metadata)
    {
        if (metadata.SerializedInput is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return metadata.Name switch
            {
                OrchestratorNames.ScriptRun => metadata.ReadInputAs<ScriptRunInput>()?.Context.ConversationId,
                OrchestratorNames.ScriptTurn => metadata.ReadInputAs<ScriptTurnInput>()?.ConversationId,
                _ => null,
            };
        }
        catch (System.Text.Json.JsonException)
        {
            // Not an input this harness wrote (another orchestration sharing the store): no conversation.
            return null;
        }
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
