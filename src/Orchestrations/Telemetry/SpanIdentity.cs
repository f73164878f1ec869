using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace ScriptHarness.Orchestrations.Telemetry;

/// <summary>
/// Gives a span the id its children already point at. <see cref="Activity"/> has no public way
/// to choose a span id, and a durable span's id must be known before the span ends (its children
/// run in other episodes and processes), so this writes the two private fields the Durable Task
/// Framework writes for the same reason (<c>DiagnosticActivityExtensions.SetSpanId</c>/<c>SetId</c>
/// in DurableTask.Core). Should a runtime rename them, spans keep random ids (children then point
/// at a span that is not exported) rather than failing a run.
/// </summary>
internal static class SpanIdentity
{
    private static readonly FieldInfo? SpanIdField = typeof(Activity).GetField("_spanId", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? IdField = typeof(Activity).GetField("_id", BindingFlags.NonPublic | BindingFlags.Instance);

    public static bool TrySet(Activity span, ActivitySpanId spanId)
    {
        if (SpanIdField?.FieldType != typeof(string) || IdField?.FieldType != typeof(string) || span.IdFormat != ActivityIdFormat.W3C)
        {
            return false;
        }

        string flags = (span.ActivityTraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        SpanIdField.SetValue(span, spanId.ToHexString());
        IdField.SetValue(span, string.Create(CultureInfo.InvariantCulture, $"00-{span.TraceId.ToHexString()}-{spanId.ToHexString()}-{flags}"));
        return span.SpanId == spanId;
    }
}
