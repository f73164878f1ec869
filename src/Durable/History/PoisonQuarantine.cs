using System.Globalization;

namespace ScriptHarness.Durable.History;

/// <summary>
/// The failure of a quarantined instance: one whose episodes killed or faulted the worker
/// process <c>durable:poisonEpisodeLimit</c> times in a row (each was handed to a dispatcher and
/// never checkpointed, released or abandoned). The store fails such an instance itself instead of
/// dispatching it again, so a script that crashes the process cannot crash-loop the server.
/// </summary>
public static class PoisonQuarantine
{
    /// <summary>The stable error type of the failure (and the code readers map it to).</summary>
    public const string ErrorType = "poison-quarantined";

    /// <summary>The failure message, naming how many episodes died and the limit.</summary>
    /// <param name="instanceId">The quarantined instance.</param>
    /// <param name="attempts">How many dispatched episodes never returned.</param>
    public static string Message(string instanceId, int attempts) => string.Format(
        CultureInfo.InvariantCulture,
        "The episode of orchestration '{0}' crashed the worker {1} times (each dispatch ended with the worker process gone, before a checkpoint); the run was quarantined: it is failed and no longer dispatched (durable:poisonEpisodeLimit).",
        instanceId,
        attempts);
}
