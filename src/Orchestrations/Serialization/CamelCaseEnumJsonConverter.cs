using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Orchestrations.Serialization;

/// <summary>Writes an enum as its camelCase name (<c>awaitingApproval</c>) and reads it back.</summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
internal sealed class CamelCaseEnumJsonConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter; integers are refused so a typo never maps to a member.</summary>
    public CamelCaseEnumJsonConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
