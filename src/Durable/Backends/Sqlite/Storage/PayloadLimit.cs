using System.Text;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>Checks stored sizes against <see cref="SqliteOrchestrationServiceSettings.MaxPayloadBytes"/>.</summary>
internal static class PayloadLimit
{
    /// <summary>UTF-8 size of <paramref name="json"/> when it exceeds <paramref name="max"/>, else null.</summary>
    public static int? Exceeded(string? json, int max)
    {
        if (json is null || json.Length <= max / 3)
        {
            return null;
        }

        int bytes = Encoding.UTF8.GetByteCount(json);
        return bytes > max ? bytes : null;
    }
}
