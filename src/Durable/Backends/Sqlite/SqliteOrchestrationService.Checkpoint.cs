using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Durable.Backends.Sqlite.Storage;
using ScriptHarness.Durable.Backends.Sqlite.WorkItems;

namespace ScriptHarness.Durable.Backends.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    /// <summary>Event types a checkpoint keeps when it turns into a payload failure: what came in, not what the episode produced.</summary>
    private static readonly HashSet<EventType> IncomingEventTypes =
    [
        EventType.OrchestratorStarted, EventType.ExecutionStarted, EventType.TaskCompleted, EventType.TaskFailed,
        EventType.TimerFired, EventType.EventRaised, EventType.SubOrchestrationInstanceCompleted,
        EventType.SubOrchestrationInstanceFailed, EventType.ExecutionSuspended, EventType.ExecutionResumed,
        EventType.GenericEvent, EventType.HistoryState,
    ];

    private CheckpointPlan PlanCheckpoint(
        SqliteOrchestrationWorkItem item,
        OrchestrationRuntimeState runtimeState,
        IList<TaskMessage> outbound,
        IList<TaskMessage> messages,
        IList<TaskMessage> timers,
        OrchestrationState? state,
        long now,
        TaskLease? taskLease)
    {
        if (state is null || !runtimeState.IsValid || runtimeState.OrchestrationInstance is null)
        {
            return new CheckpointPlan { InstanceId = item.InstanceId, LockToken = item.LockToken, ConsumedMessageIds = item.MessageIds, ConsumeOnly = true };
        }

        int max = this.settings.MaxPayloadBytes;
        string executionId = runtimeState.OrchestrationInstance.ExecutionId ?? string.Empty;
        long firstSequence = runtimeState.Events.Count - runtimeState.NewEvents.Count;
        var oversized = new List<string>();

        var history = new List<HistoryRow>(runtimeState.NewEvents.Count);

        // The framework usually puts the very TaskScheduledEvent of an activity message into the
        // history too: the same object gives the same JSON, so it is serialized once.
        Dictionary<HistoryEvent, string>? scheduledJson = null;
        foreach (HistoryEvent e in runtimeState.NewEvents)
        {
            string json = EventSerializer.Serialize(e);
            if (e is TaskScheduledEvent && outbound.Count > 0)
            {
                (scheduledJson ??= new Dictionary<HistoryEvent, string>(ReferenceEqualityComparer.Instance))[e] = json;
            }

            if (PayloadLimit.Exceeded(json, max) is { } size)
            {
                oversized.Add($"{e.EventType} event ({size} bytes)");
            }

            history.Add(new HistoryRow(firstSequence + history.Count, executionId, e.EventType.ToString(), SqliteTime.ToTicks(e.Timestamp), json));
        }

        var tasks = new List<TaskRow>(outbound.Count);
        foreach (TaskMessage m in outbound)
        {
            string json = scheduledJson is not null && scheduledJson.TryGetValue(m.Event, out string? known) ? known : EventSerializer.Serialize(m.Event);
            if (PayloadLimit.Exceeded(json, max) is { } size)
            {
                oversized.Add($"input of activity '{(m.Event as TaskScheduledEvent)?.Name}' ({size} bytes)");
            }

            tasks.Add(new TaskRow(
                m.OrchestrationInstance.InstanceId,
                m.OrchestrationInstance.ExecutionId,
                m.Event.EventId,
                (m.Event as TaskScheduledEvent)?.Name,
                m.SequenceNumber,
                json,
                m.OrchestrationExecutionContext is { } context ? EventSerializer.SerializeObject(context) : null));
        }

        List<EventRow> timerRows = timers.Select(m => ToEventRow(m, ((TimerFiredEvent)m.Event).FireAt, max, oversized)).ToList();
        List<EventRow> messageRows = messages.Select(m => ToEventRow(
            m,
            m.Event is ExecutionStartedEvent { ScheduledStartTime: { } at } ? at : SqliteTime.FromTicks(now),
            max,
            oversized)).ToList();

        if (PayloadLimit.Exceeded(state.Status, max) is { } customSize)
        {
            oversized.Add($"custom status ({customSize} bytes)");
        }

        if (oversized.Count > 0)
        {
            return this.PlanPayloadFailure(item, runtimeState, executionId, firstSequence, string.Join(", ", oversized), now);
        }

        bool terminal = InstanceRows.IsTerminal(state.OrchestrationStatus);
        return new CheckpointPlan
        {
            InstanceId = item.InstanceId,
            LockToken = item.LockToken,
            ConsumedMessageIds = item.MessageIds,
            KeepLock = item.IsExtendedSession && !terminal,
            History = history,
            Tasks = tasks,
            TaskLease = taskLease,
            Timers = timerRows,
            Messages = messageRows,
            Instance = new InstanceUpdate(
                executionId,
                state.Name ?? runtimeState.Name ?? string.Empty,
                state.Version,
                state.OrchestrationStatus.ToString(),
                terminal ? now : null,
                state.Input,
                state.Output,
                state.Status,
                state.FailureDetails is null ? null : EventSerializer.SerializeObject(state.FailureDetails),
                state.Tags is { Count: > 0 } tags ? EventSerializer.SerializeObject(tags) : null,
                terminal),
        };
    }

    /// <summary>
    /// An episode produced a payload over the limit: instead of failing the store (or retrying the
    /// episode forever), commit what came in, then fail the orchestration with a clear reason and
    /// tell its parent. Nothing the episode tried to send is sent.
    /// </summary>
    private CheckpointPlan PlanPayloadFailure(SqliteOrchestrationWorkItem item, OrchestrationRuntimeState runtimeState, string executionId, long firstSequence, string what, long now)
    {
        int max = this.settings.MaxPayloadBytes;
        string message = $"The orchestration produced a payload larger than the store's limit of {max} bytes: {what}. Keep large data out of orchestration state (pass references), or raise MaxPayloadBytes.";
        var failure = new FailureDetails(SqliteErrorCode.PayloadTooLarge, message, stackTrace: null, innerFailure: null, isNonRetriable: true);
        var history = new List<HistoryRow>();
        IEnumerable<HistoryEvent> kept = runtimeState.NewEvents
            .Where(e => IncomingEventTypes.Contains(e.EventType))
            .Append(new ExecutionCompletedEvent(-1, null, OrchestrationStatus.Failed, failure))
            .Append(new OrchestratorCompletedEvent(-1));
        foreach (HistoryEvent e in kept)
        {
            string json = EventSerializer.Serialize(e);
            if (PayloadLimit.Exceeded(json, max) is null)
            {
                history.Add(new HistoryRow(firstSequence + history.Count, executionId, e.EventType.ToString(), SqliteTime.ToTicks(e.Timestamp), json));
            }
        }

        var messages = new List<EventRow>();
        if (runtimeState.ExecutionStartedEvent?.ParentInstance is { OrchestrationInstance: { } parent } parentInstance)
        {
            var failed = new SubOrchestrationInstanceFailedEvent(-1, parentInstance.TaskScheduleId, message, string.Empty, failure);
            messages.Add(new EventRow(parent.InstanceId, parent.ExecutionId, failed.EventType.ToString(), now, 0, EventSerializer.Serialize(failed), null));
        }

        return new CheckpointPlan
        {
            InstanceId = item.InstanceId,
            LockToken = item.LockToken,
            ConsumedMessageIds = item.MessageIds,
            History = history,
            Messages = messages,
            PayloadFailure = message,
            Instance = new InstanceUpdate(
                executionId,
                runtimeState.Name ?? string.Empty,
                runtimeState.Version,
                nameof(OrchestrationStatus.Failed),
                now,
                runtimeState.Input is { } input && PayloadLimit.Exceeded(input, max) is null ? input : null,
                message,
                null,
                EventSerializer.SerializeObject(failure),
                null,
                IsTerminal: true),
        };
    }

    private static EventRow ToEventRow(TaskMessage message, DateTime visibleAt, int max, List<string> oversized)
    {
        string json = EventSerializer.Serialize(message.Event);
        if (PayloadLimit.Exceeded(json, max) is { } size)
        {
            oversized.Add($"{message.Event.EventType} message to '{message.OrchestrationInstance.InstanceId}' ({size} bytes)");
        }

        return new EventRow(
            message.OrchestrationInstance.InstanceId,
            message.OrchestrationInstance.ExecutionId,
            message.Event.EventType.ToString(),
            SqliteTime.ToTicks(visibleAt),
            message.SequenceNumber,
            json,
            message.Event as ExecutionStartedEvent);
    }
}
