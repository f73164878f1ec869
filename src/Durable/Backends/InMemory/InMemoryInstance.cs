using DurableTask.Core;
using DurableTask.Core.History;

namespace ScriptHarness.Durable.Backends.InMemory;

/// <summary>One orchestration instance of the in-memory store: its state, history and inbox.</summary>
internal sealed class InMemoryInstance
{
    public InMemoryInstance(OrchestrationState state) => this.State = state;

    public OrchestrationState State { get; set; }

    /// <summary>History of the current execution, as the dispatcher last checkpointed it.</summary>
    public List<HistoryEvent> History { get; set; } = [];

    /// <summary>Messages not yet handed to the dispatcher.</summary>
    public List<TaskMessage> Inbox { get; } = [];

    /// <summary>True while a work item for this instance is out with the dispatcher.</summary>
    public bool Locked { get; set; }

    /// <summary>True from an abandon until its messages are back in the inbox.</summary>
    public bool AbandonPending { get; set; }

    /// <summary>Completed when a message arrives for the extended session holding the instance.</summary>
    public TaskCompletionSource? SessionWaiter { get; set; }

    /// <summary>True while the instance id sits in the ready queue.</summary>
    public bool Queued { get; set; }

    public bool IsTerminal => InMemoryStatus.IsTerminal(this.State.OrchestrationStatus);
}
