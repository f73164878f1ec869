using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Host.Reports;

/// <summary>The JSON shape of the audit view (CLI and HTTP): camelCase, nulls omitted.</summary>
internal static class AuditJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
