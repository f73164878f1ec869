using System.Collections.Concurrent;
using ScriptHarness.Durable.Sqlite.WorkItems;

namespace ScriptHarness.Durable.Sqlite.Signals;

/// <summary>The work items this process holds locks on, renewed together by the heartbeat.</summary>
internal sealed class HeldLocks
{
    public ConcurrentDictionary<string, SqliteOrchestrationWorkItem> Instances { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<long, SqliteActivityWorkItem> Tasks { get; } = new();
}
