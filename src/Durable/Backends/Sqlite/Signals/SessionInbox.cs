using DurableTask.Core;

namespace ScriptHarness.Durable.Backends.Sqlite.Signals;

/// <summary>
/// What an extended session of this process waits on while it fetches its next messages: a
/// wake-up, and the messages for its instance that this process committed meanwhile, handed
/// over in memory (with their <c>NewEvents</c> row ids) so that the session need not read them
/// back. Lives for one fetch only: a message committed before the fetch began is read by the
/// fetch's first poll, never handed, so no message is delivered twice.
/// </summary>
internal sealed class SessionInbox
{
    private readonly Lock gate = new();
    private readonly List<(long Id, TaskMessage Message)> handed = [];

    /// <summary>Set whenever a message for the instance is committed by this process.</summary>
    public WakeSignal Signal { get; } = new();

    /// <summary>After the commit of message row <paramref name="id"/>: keeps it for the fetch and wakes it.</summary>
    public void Hand(long id, TaskMessage message)
    {
        lock (this.gate)
        {
            this.handed.Add((id, message));
        }

        this.Signal.Set();
    }

    /// <summary>Takes up to <paramref name="max"/> handed messages, oldest row first; false when none.</summary>
    public bool TryTake(int max, out List<TaskMessage> messages, out List<long> ids)
    {
        lock (this.gate)
        {
            int count = Math.Min(max, this.handed.Count);
            messages = new List<TaskMessage>(count);
            ids = new List<long>(count);
            if (count == 0)
            {
                return false;
            }

            this.handed.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            for (int i = 0; i < count; i++)
            {
                ids.Add(this.handed[i].Id);
                messages.Add(this.handed[i].Message);
            }

            this.handed.RemoveRange(0, count);
            return true;
        }
    }
}
