using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>
/// Poison-run quarantine for the Azure Storage provider, which counts queue dequeues but tells
/// nobody: each orchestration episode is charged in <see cref="DispatchAttemptsTable"/> before it
/// reaches the dispatcher (a first hand-out, or an extended session's next batch) and cleared when
/// its checkpoint commits; abandoning the work item takes the charge back (the worker survived).
/// An episode that kills the process leaves its charge. When an instance is handed out with
/// <c>durable:poisonEpisodeLimit</c> charges, it is not charged again: the verdict
/// <see cref="EpisodeVerdict.Quarantine"/> makes the dispatcher middleware fail it without
/// running the orchestrator, and the dispatcher completes it as any failed orchestration (history,
/// instance row, the parent's failure message, its messages consumed). An instance handed out
/// with charges below the limit is a suspect and runs alone among this process's suspects.
/// </summary>
internal sealed class PoisonCountingService : DelegatingOrchestrationService
{
    private readonly DispatchAttemptsTable attempts;
    private readonly EpisodeVerdicts verdicts;
    private readonly int limit;
    private readonly ILogger logger;

    public PoisonCountingService(IOrchestrationService inner, DispatchAttemptsTable attempts, EpisodeVerdicts verdicts, int limit, ILogger logger)
        : base(inner)
    {
        this.attempts = attempts;
        this.verdicts = verdicts;
        this.limit = limit;
        this.logger = logger;
    }

    public override async Task CreateIfNotExistsAsync()
    {
        await this.Inner.CreateIfNotExistsAsync().ConfigureAwait(false);
        await this.attempts.CreateIfNotExistsAsync().ConfigureAwait(false);
    }

    public override async Task CreateAsync(bool recreateInstanceStore)
    {
        await this.Inner.CreateAsync(recreateInstanceStore).ConfigureAwait(false);
        await this.attempts.CreateIfNotExistsAsync().ConfigureAwait(false);
    }

    public override Task CreateAsync() => this.CreateAsync(recreateInstanceStore: false);

    public override async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskOrchestrationWorkItem workItem = await this.Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            await this.ChargeAsync(workItem).ConfigureAwait(false);
            if (workItem.Session is { } session and not CountingSession)
            {
                workItem.Session = new CountingSession(session, this);
            }
        }

        return workItem!;
    }

    public override async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        await this.Inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState).ConfigureAwait(false);
        this.verdicts.Forget(workItem.InstanceId);
        await this.attempts.ClearAsync(workItem.InstanceId).ConfigureAwait(false);
    }

    public override async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        this.verdicts.Forget(workItem.InstanceId);
        await this.attempts.AddBelowAsync(workItem.InstanceId, -1).ConfigureAwait(false);
        await this.Inner.AbandonTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
    }

    /// <summary>Charges the episode about to run, or, at the limit, sets the quarantine verdict instead.</summary>
    private async Task ChargeAsync(TaskOrchestrationWorkItem workItem)
    {
        // Messages to a finished instance are discarded by the dispatcher; nothing runs.
        if (workItem.OrchestrationRuntimeState?.Events.Any(e => e is ExecutionCompletedEvent) == true)
        {
            return;
        }

        string instanceId = workItem.InstanceId;
        // At the limit (charged by earlier deaths, or by another worker meanwhile) nothing is written.
        int before = await this.attempts.AddBelowAsync(instanceId, 1, this.limit).ConfigureAwait(false);
        if (before >= this.limit)
        {
            Logs.Quarantined(this.logger, instanceId, before);
            this.verdicts.Set(instanceId, EpisodeVerdict.Quarantine, before);
        }
        else if (before > 0)
        {
            Logs.Suspect(this.logger, instanceId, before);
            this.verdicts.Set(instanceId, EpisodeVerdict.Suspect, before);
        }
    }

    /// <summary>An extended session: its next batch is an episode too, charged before it runs.</summary>
    private sealed class CountingSession(IOrchestrationSession inner, PoisonCountingService owner) : IOrchestrationSession
    {
        public async Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem)
        {
            IList<TaskMessage>? messages = await inner.FetchNewOrchestrationMessagesAsync(workItem).ConfigureAwait(false);
            if (messages is { Count: > 0 })
            {
                await owner.ChargeAsync(workItem).ConfigureAwait(false);
            }

            return messages;
        }

        public Task EndSessionAsync() => inner.EndSessionAsync();
    }
}
