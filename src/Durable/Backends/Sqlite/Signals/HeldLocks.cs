using System.Collections.Concurrent;
using ScriptHarness.Durable.Backends.Sqlite.WorkItems;

namespace ScriptHarness.Durable.Backends.Sqlite.Signals;

/// <summary>The work items this process holds locks on, renewed together by the heartbeat.</summary>
internal sealed class HeldLocks
{
    public ConcurrentDictionary<string, SqliteOrchestrationWorkItem> Instances { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<long, SqliteActivityWorkItem> Tasks { get; } = new();
}
