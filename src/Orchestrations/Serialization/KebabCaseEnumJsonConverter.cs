using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Orchestrations.Serialization;

/// <summary>
/// Writes an enum as its kebab-case name (<c>on-request</c>, <c>dry-run</c>) and reads it back,
/// so host.json, run inputs and history all spell the values the same way.
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
internal sealed class KebabCaseEnumJsonConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter; integers are refused so a typo never maps to a member.</summary>
    public KebabCaseEnumJsonConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
