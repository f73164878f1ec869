using DurableTask.Core;
using DurableTask.Core.History;

namespace ScriptHarness.Durable.Backends;

/// <summary>
/// Keeps an extended session open only while an answer is on its way. The framework holds a
/// dispatcher slot (and the orchestration in memory) for as long as a session waits for new
/// messages, up to the backend's idle timeout. That pays off when an activity is running or a
/// timer is about to fire; a run that waits for a human's approval, a posted result or a
/// sub-orchestration would hold its slot for the whole idle timeout and, with enough such runs,
/// starve every other run. So a session whose orchestration has no activity in flight and no
/// timer due within <see cref="NearTimer"/> ends at once: the run lives only in the store until
/// its event arrives, and the next episode replays it.
/// </summary>
public sealed class AnswerAwaitingSessions : DelegatingOrchestrationService
{
    /// <summary>A timer due within this long keeps the session open.</summary>
    public static readonly TimeSpan NearTimer = TimeSpan.FromSeconds(30);

    private readonly TimeProvider time;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public AnswerAwaitingSessions(IOrchestrationService inner, TimeProvider? time = null)
        : base(inner)
    {
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Whether the orchestration whose state is <paramref name="state"/> expects an answer soon:
    /// a scheduled activity without its result, or a timer not yet fired that is due by
    /// <paramref name="horizon"/>. Unknown state counts as expecting one.
    /// </summary>
    public static bool ExpectsAnswer(OrchestrationRuntimeState? state, DateTime horizon) =>
        new AnswerTracker().ExpectsAnswer(state, horizon);

    /// <inheritdoc />
    public override async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskOrchestrationWorkItem workItem = await this.Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem?.Session is { } session and not Session)
        {
            workItem.Session = new Session(session, this.time);
        }

        return workItem!;
    }

    private sealed class Session(IOrchestrationSession inner, TimeProvider time) : IOrchestrationSession
    {
        // One per session: each episode reads only the events added since the last one.
        private readonly AnswerTracker tracker = new();

        public Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem) =>
            this.tracker.ExpectsAnswer(workItem.OrchestrationRuntimeState, time.GetUtcNow().UtcDateTime + NearTimer)
                ? inner.FetchNewOrchestrationMessagesAsync(workItem)
                : Task.FromResult<IList<TaskMessage>?>(null);

        public Task EndSessionAsync() => inner.EndSessionAsync();
    }

    /// <summary>
    /// Activities in flight and unfired timers of one orchestration, kept up to date as its
    /// history grows, so a long session does not rescan the whole history every episode.
    /// </summary>
    private sealed class AnswerTracker
    {
        private readonly Dictionary<int, DateTime> unfiredTimers = [];
        private OrchestrationRuntimeState? state;
        private int seen;
        private int activitiesInFlight;

        public bool ExpectsAnswer(OrchestrationRuntimeState? current, DateTime horizon)
        {
            if (current?.Events is not { } events)
            {
                return true;
            }

            if (!ReferenceEquals(current, this.state) || events.Count < this.seen)
            {
                // A new execution (continue-as-new) or another state object: start over.
                this.state = current;
                this.seen = 0;
                this.activitiesInFlight = 0;
                this.unfiredTimers.Clear();
            }

            for (; this.seen < events.Count; this.seen++)
            {
                switch (events[this.seen])
                {
                    case TaskScheduledEvent:
                        this.activitiesInFlight++;
                        break;
                    case TaskCompletedEvent or TaskFailedEvent:
                        this.activitiesInFlight--;
                        break;
                    case TimerCreatedEvent created:
                        this.unfiredTimers[created.EventId] = created.FireAt.ToUniversalTime();
                        break;
                    case TimerFiredEvent fired:
                        this.unfiredTimers.Remove(fired.TimerId);
                        break;
                }
            }

            if (this.activitiesInFlight > 0)
            {
                return true;
            }

            foreach (DateTime fireAt in this.unfiredTimers.Values)
            {
                if (fireAt <= horizon)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
