using System.Text.Json.Serialization;
using System.Text.Json.Nodes;

namespace ScriptHarness.Durable.History;

/// <summary>
/// One event of an orchestration's history in the audit shape served by <c>history --json</c>
/// and the HTTP API, the same for every backend. Fields that do not apply to an event are
/// omitted from its JSON. Inputs, outputs and payloads are embedded as JSON when they are JSON.
/// </summary>
public sealed record DurableHistoryEvent
{
    /// <summary>Position of the event in the history, from 0.</summary>
    public required int Sequence { get; init; }

    /// <summary>
    /// Camel-cased DTFx event type: <c>executionStarted</c>, <c>taskScheduled</c>,
    /// <c>taskCompleted</c>, <c>taskFailed</c>, <c>timerCreated</c>, <c>timerFired</c>,
    /// <c>eventRaised</c>, <c>eventSent</c>, <c>subOrchestrationInstanceCreated</c>, …; in JSON
    /// kebab case (<c>task-scheduled</c>), read in either spelling.
    /// </summary>
    [JsonConverter(typeof(HistoryEventTypeJsonConverter))]
    public required string Type { get; init; }

    /// <summary>DTFx's event id: the task id of a scheduled action, -1 for others.</summary>
    public required int EventId { get; init; }

    /// <summary>When the event was recorded (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Orchestration, activity, sub-orchestration or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Version of the orchestration or task.</summary>
    public string? Version { get; init; }

    /// <summary>The instance an event concerns (the started instance, a sub-orchestration, an event's target).</summary>
    public string? InstanceId { get; init; }

    /// <summary>The execution id of a started execution.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>For completions and failures: the <see cref="EventId"/> of the scheduled task they answer.</summary>
    public int? TaskScheduledId { get; init; }

    /// <summary>
    /// Input of an orchestration, activity or sub-orchestration (for an activity, the value it
    /// received, without the one-element array DTFx stores it in).
    /// </summary>
    public JsonNode? Input { get; init; }

    /// <summary>Result of an activity, sub-orchestration or orchestration; the new input of a continue-as-new.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>Data of a raised or sent event.</summary>
    public JsonNode? Payload { get; init; }

    /// <summary>Final status of an execution (<c>Completed</c>, <c>Failed</c>, <c>ContinuedAsNew</c>, …).</summary>
    public string? Status { get; init; }

    /// <summary>Reason given for a termination, suspension or resumption.</summary>
    public string? Reason { get; init; }

    /// <summary>When a timer fires.</summary>
    public DateTimeOffset? FireAt { get; init; }

    /// <summary>For a fired timer: the <see cref="EventId"/> of the timer it answers.</summary>
    public int? TimerId { get; init; }

    /// <summary>When a scheduled start was asked for.</summary>
    public DateTimeOffset? ScheduledStartTime { get; init; }

    /// <summary>Structured failure of a task, sub-orchestration or execution.</summary>
    public DurableFailure? Failure { get; init; }

    /// <summary>The parent of a sub-orchestration's execution.</summary>
    public DurableParentInstance? Parent { get; init; }

    /// <summary>Tags of a started execution.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
