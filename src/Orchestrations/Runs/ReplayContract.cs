using System.Globalization;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The replay contract: the version of everything a run's sequence of scheduled actions
/// (activities, timers, event waits, sub-orchestrations, in order) depends on for the same input:
/// <see cref="ScriptRunOrchestrator"/>, <see cref="Turns.ScriptTurnOrchestrator"/>, the call
/// coordinator, the approval policy evaluated on the orchestration thread and the script
/// runtime's dispatch order. It is the orchestration version of every run and turn, so a run
/// replays only on code that ships its contract. A release that changes only activities, the
/// host, the client or the store keeps the number; one that changes the sequence bumps
/// <see cref="Current"/> and keeps the old path (see the Orchestrations README, "Upgrades").
/// The golden action-sequence test fails until that is done.
/// </summary>
public static class ReplayContract
{
    /// <summary>
    /// The contract new runs start on. Contract 2 schedules <c>ScriptHarness.CallAwaitingDecision</c>
    /// when a call starts waiting for a decision (the explicit "asked" event, and its notifications)
    /// and <c>ScriptHarness.RunFinished</c> at the end when the run's notifications want it; contract 1
    /// schedules neither. Bump it (and keep the previous contract's code path behind
    /// a branch on <see cref="Of(string?)"/>) whenever the golden action sequences change.
    /// </summary>
    public const int Current = 2;

    /// <summary>The oldest contract this build still replays; runs of an older one fail with <see cref="ReplayContractMismatchException"/>.</summary>
    public const int Oldest = 1;

    /// <summary>The orchestration version that names <see cref="Current"/>.</summary>
    public static string CurrentVersion { get; } = VersionOf(Current);

    /// <summary>The orchestration version text of <paramref name="contract"/>: the plain decimal number.</summary>
    public static string VersionOf(int contract) => contract.ToString(CultureInfo.InvariantCulture);

    /// <summary>The contract an orchestration version names, or null when it names none (empty, or a package version written before replay contracts existed).</summary>
    public static int? Of(string? orchestrationVersion) =>
        int.TryParse(orchestrationVersion, NumberStyles.None, CultureInfo.InvariantCulture, out int contract) && contract > 0 ? contract : null;

    /// <summary>
    /// The contract of a run of <paramref name="orchestrationVersion"/> on a worker that ships
    /// contracts <paramref name="oldest"/> to <paramref name="newest"/>. An empty version (a host
    /// that turned versioning off, so runs carry none) runs on <paramref name="newest"/>.
    /// </summary>
    /// <exception cref="ReplayContractMismatchException">The version names no contract in that range.</exception>
    public static int Require(string? orchestrationVersion, int oldest = Oldest, int newest = Current)
    {
        if (string.IsNullOrEmpty(orchestrationVersion))
        {
            return newest;
        }

        return Of(orchestrationVersion) is int contract && contract >= oldest && contract <= newest
            ? contract
            : throw new ReplayContractMismatchException(orchestrationVersion, oldest, newest);
    }
}
