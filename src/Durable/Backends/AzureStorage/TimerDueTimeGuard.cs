using DurableTask.Core;
using DurableTask.Core.History;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>
/// Makes durable timers on Azure Storage fire no earlier than their due time. The provider
/// delays a timer's message with the queue's visibility timeout, which Azure Storage counts in
/// whole seconds: a timer due in 1.5 s becomes visible after 1 s, so the orchestration resumed
/// (and its <c>CurrentUtcDateTime</c> read) up to a second early. This decorator holds a work
/// item that carries a not-yet-due <see cref="TimerFiredEvent"/> until that event's due time
/// (at most about a second), for fresh work items and for extended sessions alike. History is
/// left untouched. Everything else passes through.
/// </summary>
internal sealed class TimerDueTimeGuard : DelegatingOrchestrationService
{
    private readonly TimeProvider time;

    public TimerDueTimeGuard(IOrchestrationService inner, TimeProvider? time = null)
        : base(inner)
    {
        this.time = time ?? TimeProvider.System;
    }

    public override async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskOrchestrationWorkItem workItem = await this.Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is null)
        {
            return workItem!;
        }

        await this.UntilDueAsync(workItem.NewMessages).ConfigureAwait(false);
        if (workItem.Session is not null and not DueSession)
        {
            workItem.Session = new DueSession(workItem.Session, this);
        }

        return workItem;
    }

    /// <summary>Waits until every timer event among <paramref name="messages"/> is due.</summary>
    internal async Task UntilDueAsync(IEnumerable<TaskMessage>? messages)
    {
        if (messages is null)
        {
            return;
        }

        DateTime latest = DateTime.MinValue;
        foreach (TaskMessage message in messages)
        {
            if (message.Event is TimerFiredEvent fired && fired.FireAt > latest)
            {
                latest = fired.FireAt.Kind == DateTimeKind.Local ? fired.FireAt.ToUniversalTime() : fired.FireAt;
            }
        }

        // Bounded by the queue's one-second granularity, plus clock skew between machines.
        DateTime giveUpAt = this.time.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(5);
        while (true)
        {
            DateTime now = this.time.GetUtcNow().UtcDateTime;
            TimeSpan early = latest - now;
            if (early <= TimeSpan.Zero || now >= giveUpAt)
            {
                return;
            }

            // A timer may wake a little before the wall clock (which stamps the episode) reaches
            // the due time, since the two come from different clocks: look again after waking.
            TimeSpan wait = early < giveUpAt - now ? early : giveUpAt - now;
            await Task.Delay(wait + TimeSpan.FromMilliseconds(1), this.time).ConfigureAwait(false);
        }
    }

    /// <summary>An extended session whose later batches get the same hold.</summary>
    private sealed class DueSession(IOrchestrationSession inner, TimerDueTimeGuard guard) : IOrchestrationSession
    {
        public async Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem)
        {
            IList<TaskMessage>? messages = await inner.FetchNewOrchestrationMessagesAsync(workItem).ConfigureAwait(false);
            await guard.UntilDueAsync(messages).ConfigureAwait(false);
            return messages;
        }

        public Task EndSessionAsync() => inner.EndSessionAsync();
    }
}
