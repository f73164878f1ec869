using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Host.Http.Contracts;

/// <summary>
/// Writes an enum in kebab case on the HTTP wire (<c>awaiting-approval</c>), whatever casing the
/// run persists it in: the contract layer converts, the custom status and history stay as recorded.
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
internal sealed class KebabCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter; integers are refused.</summary>
    public KebabCaseEnumConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
