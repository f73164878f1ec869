using System.Text.Json;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Client.Audit;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary><c>history ID --audit</c>: the run's audit view, one line per entry, or one JSON object with <c>--json</c>.</summary>
internal static class AuditCommand
{
    public static async Task<int> WriteAsync(ScriptRunClient runs, string id, bool json, CancellationToken ct)
    {
        RunAudit audit = await runs.GetAuditAsync(id, ct).ConfigureAwait(false);
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(audit, AuditJson.Options)).ConfigureAwait(false);
            return 0;
        }

        foreach (AuditEntry entry in audit.Entries)
        {
            await Console.Out.WriteLineAsync(AuditText.Describe(entry)).ConfigureAwait(false);
        }

        return 0;
    }
}
