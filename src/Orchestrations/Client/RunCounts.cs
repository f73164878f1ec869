using Microsoft.DurableTask.Client;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>How many runs and turns match a list query: <see cref="ScriptRunClient.CountRunsAsync"/>.</summary>
/// <param name="All">Runs and turns that match.</param>
/// <param name="ByStatus">Of those, how many in each runtime status (statuses with none left out).</param>
/// <param name="AwaitingApproval">Of those, the runs waiting for a decision.</param>
/// <param name="AtLeast">
/// The store could not count and the client stopped reading at its limit: each figure is a lower
/// bound. False on a store that counts (SQLite): the figures are exact.
/// </param>
public sealed record RunCounts(long All, IReadOnlyDictionary<OrchestrationRuntimeStatus, long> ByStatus, long AwaitingApproval, bool AtLeast);
