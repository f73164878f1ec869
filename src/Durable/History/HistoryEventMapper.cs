using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;

namespace ScriptHarness.Durable.History;

/// <summary>Maps DTFx history events onto the audit shape.</summary>
public static class HistoryEventMapper
{
    /// <summary>Maps a whole history, numbering events from 0.</summary>
    public static IReadOnlyList<DurableHistoryEvent> Map(IEnumerable<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Select((e, i) => Map(e, i)).ToList();
    }

    /// <summary>Maps one event found at <paramref name="sequence"/>.</summary>
    public static DurableHistoryEvent Map(HistoryEvent historyEvent, int sequence)
    {
        ArgumentNullException.ThrowIfNull(historyEvent);
        DurableHistoryEvent common = new()
        {
            Sequence = sequence,
            Type = JsonNamingPolicy.CamelCase.ConvertName(historyEvent.EventType.ToString()),
            EventId = historyEvent.EventId,
            Timestamp = AsUtc(historyEvent.Timestamp),
        };

        return historyEvent switch
        {
            ExecutionStartedEvent e => common with
            {
                Name = e.Name,
                Version = e.Version,
                InstanceId = e.OrchestrationInstance?.InstanceId,
                ExecutionId = e.OrchestrationInstance?.ExecutionId,
                Input = Json(e.Input),
                Tags = e.Tags is { Count: > 0 } ? new Dictionary<string, string>(e.Tags) : null,
                ScheduledStartTime = e.ScheduledStartTime is DateTime start ? AsUtc(start) : null,
                Parent = e.ParentInstance is { } p
                    ? new DurableParentInstance { Name = p.Name, InstanceId = p.OrchestrationInstance.InstanceId, TaskScheduledId = p.TaskScheduleId }
                    : null,
            },
            ContinueAsNewEvent e => common with { Status = nameof(OrchestrationStatus.ContinuedAsNew), Output = Json(e.Result) },
            ExecutionCompletedEvent e when e.OrchestrationStatus == OrchestrationStatus.Failed => common with
            {
                Status = e.OrchestrationStatus.ToString(),
                Failure = Failure(e.FailureDetails, e.Result, null),
            },
            ExecutionCompletedEvent e => common with { Status = e.OrchestrationStatus.ToString(), Output = Json(e.Result) },
            ExecutionTerminatedEvent e => common with { Reason = e.Input },
            ExecutionSuspendedEvent e => common with { Reason = e.Reason },
            ExecutionResumedEvent e => common with { Reason = e.Reason },
            TaskScheduledEvent e => common with { Name = e.Name, Version = e.Version, Input = ActivityInput(e.Input) },
            TaskCompletedEvent e => common with { TaskScheduledId = e.TaskScheduledId, Output = Json(e.Result) },
            TaskFailedEvent e => common with { TaskScheduledId = e.TaskScheduledId, Failure = Failure(e.FailureDetails, e.Reason, e.Details) },
            SubOrchestrationInstanceCreatedEvent e => common with { Name = e.Name, Version = e.Version, InstanceId = e.InstanceId, Input = Json(e.Input) },
            SubOrchestrationInstanceCompletedEvent e => common with { TaskScheduledId = e.TaskScheduledId, Output = Json(e.Result) },
            SubOrchestrationInstanceFailedEvent e => common with { TaskScheduledId = e.TaskScheduledId, Failure = Failure(e.FailureDetails, e.Reason, e.Details) },
            TimerCreatedEvent e => common with { FireAt = AsUtc(e.FireAt) },
            TimerFiredEvent e => common with { TimerId = e.TimerId, FireAt = AsUtc(e.FireAt) },
            EventRaisedEvent e => common with { Name = e.Name, Payload = Json(e.Input) },
            EventSentEvent e => common with { Name = e.Name, InstanceId = e.InstanceId, Payload = Json(e.Input) },
            GenericEvent e => common with { Payload = Json(e.Data) },
            _ => common,
        };
    }

    /// <summary>The structured failure, or one built from the stored message when that is all there is.</summary>
    private static DurableFailure? Failure(FailureDetails? details, string? message, string? storedDetails)
    {
        if (details is not null)
        {
            return Failure(details);
        }

        return message is null && storedDetails is null
            ? null
            : new DurableFailure { ErrorType = "unknown", ErrorMessage = message ?? string.Empty, StackTrace = storedDetails };
    }

    private static DurableFailure Failure(FailureDetails details) => new()
    {
        ErrorType = details.ErrorType,
        ErrorMessage = details.ErrorMessage,
        StackTrace = details.StackTrace,
        IsNonRetriable = details.IsNonRetriable,
        InnerFailure = details.InnerFailure is null ? null : Failure(details.InnerFailure),
    };

    /// <summary>
    /// DTFx stores an activity's parameters as a JSON array; an SDK activity has exactly one,
    /// so the audit shows that one value, as the activity received it.
    /// </summary>
    private static JsonNode? ActivityInput(string? serialized) =>
        Json(serialized) is JsonArray { Count: 1 } single ? single[0]?.DeepClone() : Json(serialized);

    /// <summary>Embeds serialized JSON as JSON; anything else (or malformed) as a string.</summary>
    private static JsonNode? Json(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }

    private static DateTimeOffset AsUtc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
