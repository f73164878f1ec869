using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends.Sqlite;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

/// <summary>
/// Builds what the framework's dispatcher would hand to CompleteTaskOrchestrationWorkItemAsync
/// for one episode, so provider tests can drive checkpoints directly (no worker, no timing).
/// </summary>
public sealed class Episode
{
    public required TaskOrchestrationWorkItem WorkItem { get; init; }

    public required OrchestrationRuntimeState State { get; init; }

    public List<TaskMessage> Activities { get; } = [];

    public List<TaskMessage> Timers { get; } = [];

    public List<TaskMessage> Messages { get; } = [];

    public string? CustomStatus { get; set; }

    /// <summary>Starts an episode: the incoming messages are applied to the work item's state.</summary>
    public static Episode Begin(TaskOrchestrationWorkItem workItem)
    {
        OrchestrationRuntimeState state = workItem.OrchestrationRuntimeState;
        state.AddEvent(new OrchestratorStartedEvent(-1));
        foreach (TaskMessage message in workItem.NewMessages)
        {
            state.AddEvent(message.Event);
        }

        return new Episode { WorkItem = workItem, State = state };
    }

    public OrchestrationInstance Instance => this.State.OrchestrationInstance!;

    public Episode ScheduleActivity(string name, string input)
    {
        int id = this.State.Events.Count;
        this.State.AddEvent(new TaskScheduledEvent(id, name, string.Empty, input));
        this.Activities.Add(new TaskMessage { Event = new TaskScheduledEvent(id, name, string.Empty, input), OrchestrationInstance = this.Instance });
        return this;
    }

    public Episode CreateTimer(DateTime fireAt)
    {
        int id = this.State.Events.Count;
        this.State.AddEvent(new TimerCreatedEvent(id, fireAt));
        this.Timers.Add(new TaskMessage { Event = new TimerFiredEvent(-1, fireAt) { TimerId = id }, OrchestrationInstance = this.Instance });
        return this;
    }

    public Episode SendEvent(string instanceId, string name, string input)
    {
        int id = this.State.Events.Count;
        this.State.AddEvent(new EventSentEvent(id) { InstanceId = instanceId, Name = name, Input = input });
        this.Messages.Add(new TaskMessage { Event = new EventRaisedEvent(-1, input) { Name = name }, OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId } });
        return this;
    }

    public Episode StartChild(string childId, string name, string input)
    {
        int id = this.State.Events.Count;
        this.State.AddEvent(new SubOrchestrationInstanceCreatedEvent(id) { InstanceId = childId, Name = name, Input = input });
        var child = new OrchestrationInstance { InstanceId = childId, ExecutionId = Guid.NewGuid().ToString("N") };
        this.Messages.Add(new TaskMessage
        {
            OrchestrationInstance = child,
            Event = new ExecutionStartedEvent(-1, input)
            {
                Name = name,
                Version = string.Empty,
                OrchestrationInstance = child,
                ParentInstance = new ParentInstance { OrchestrationInstance = this.Instance, TaskScheduleId = id, Name = this.State.Name },
            },
        });
        return this;
    }

    public Task CommitAsync(SqliteOrchestrationService service)
    {
        if (this.State.Events[^1].EventType != EventType.OrchestratorCompleted)
        {
            this.State.AddEvent(new OrchestratorCompletedEvent(-1));
        }

        var state = new OrchestrationState
        {
            OrchestrationInstance = this.Instance,
            Name = this.State.Name,
            Version = this.State.Version,
            OrchestrationStatus = this.State.OrchestrationStatus,
            Input = this.State.Input,
            Output = this.State.Output,
            Status = this.CustomStatus,
            CreatedTime = this.State.CreatedTime,
            LastUpdatedTime = DateTime.UtcNow,
        };
        return service.CompleteTaskOrchestrationWorkItemAsync(this.WorkItem, this.State, this.Activities, this.Messages, this.Timers, null!, state);
    }

    /// <summary>The creation message of a new instance, as TaskHubClient would build it.</summary>
    public static TaskMessage Creation(string instanceId, string name = "Test", string input = "\"in\"")
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, input) { Name = name, Version = string.Empty, OrchestrationInstance = instance },
        };
    }
}
