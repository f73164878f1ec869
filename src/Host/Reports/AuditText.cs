using System.Globalization;
using System.Text;
using ScriptHarness.Host.Cli;
using ScriptHarness.Orchestrations.Client.Audit;

namespace ScriptHarness.Host.Reports;

/// <summary>One audit entry on one line, for people (<c>history --audit</c>); every recorded string escaped.</summary>
internal static class AuditText
{
    public static string Describe(AuditEntry e)
    {
        StringBuilder line = new();
        line.Append(CultureInfo.InvariantCulture, $"{e.At:yyyy-MM-dd HH:mm:ss.fff} ");
        line.Append(e.CallId is int id ? string.Create(CultureInfo.InvariantCulture, $"call {id,-4} ") : "run       ");
        line.Append(Kind(e.Kind).PadRight(13));
        string detail = e.Kind switch
        {
            AuditKind.Asked => Join(e.Tool, e.Reason is { Length: > 0 } r ? $"because {r}" : null, e.ExpiresAt is { } x ? $"expires {x:u}" : null, e.Inferred == true ? "(inferred from the expiry timer)" : null),
            AuditKind.Decided => Join(e.Verdict, e.Scope is { } s ? $"scope {s}" : null, e.DecidedBy is { } by ? $"by {by}" : null, e.KeyId is { } k ? $"key {k}" : null, e.ViaCall is int via ? $"via call {via}" : null, e.Reason is { Length: > 0 } why ? $"reason: {why}" : null),
            AuditKind.Answered => Join(e.DecidedBy is { } by ? $"by {by}" : null),
            AuditKind.Finished => Join(e.Tool, e.Outcome, e.Error),
            AuditKind.RunFinished => Join(e.Outcome, e.Error, e.Reason),
            AuditKind.Notified => Join(e.Reason, e.Outcome),
            _ => Join(e.Tool),
        };
        return line.Append(TerminalText.Line(detail)).ToString().TrimEnd();
    }

    private static string Kind(AuditKind kind) => kind == AuditKind.RunFinished ? "run-finished" : kind.ToString().ToLowerInvariant();

    private static string Join(params string?[] parts) => string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p)));
}
