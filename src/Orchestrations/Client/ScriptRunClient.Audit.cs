using ScriptHarness.Orchestrations.Client.Audit;

namespace ScriptHarness.Orchestrations.Client;

public sealed partial class ScriptRunClient
{
    /// <summary>
    /// The run's audit view: in order, when each call was asked, decided (who, scope, reason), ran
    /// and finished, built from its history (<see cref="GetHistoryAsync"/>). Refused with
    /// <c>not-found</c> when no run has the id.
    /// </summary>
    public async Task<RunAudit> GetAuditAsync(string instanceId, CancellationToken cancellationToken = default) =>
        RunAuditBuilder.Build(instanceId, await this.GetHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false));
}
