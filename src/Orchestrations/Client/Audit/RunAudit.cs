namespace ScriptHarness.Orchestrations.Client.Audit;

/// <summary>
/// A run's audit view (<c>history --audit</c>, <c>GET /api/runs/{id}/history?view=audit</c>),
/// built from its history: in order, when each call was asked, decided (who, scope, reason),
/// ran and finished.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Contract">The run's replay contract (2 and later record the "asked" moment explicitly); null when its version names none.</param>
/// <param name="Entries">The entries, oldest first.</param>
public sealed record RunAudit(string RunId, int? Contract, IReadOnlyList<AuditEntry> Entries);
