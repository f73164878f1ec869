using Microsoft.DurableTask.Client;

namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>
/// A running worker and client on one backend, with <see cref="ConformanceTasks"/> registered.
/// The conformance suite runs unchanged against any implementation.
/// </summary>
public interface IDurableBackendFixture
{
    /// <summary>Name of the backend under test, for messages.</summary>
    string BackendName { get; }

    /// <summary>The client of the running host.</summary>
    DurableTaskClient Client { get; }

    /// <summary>The host's services.</summary>
    IServiceProvider Services { get; }

    /// <summary>Effects recorded by the conformance activities.</summary>
    SideEffectLedger Ledger { get; }
}
