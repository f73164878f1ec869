using System.ComponentModel;
using System.Globalization;

namespace ScriptHarness.Orchestrations.Serialization;

/// <summary>
/// Lets <c>Microsoft.Extensions.Configuration</c> bind kebab-case values (<c>on-request</c>) to
/// enum members (<c>OnRequest</c>): the configuration binder converts through type converters.
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
internal sealed class KebabCaseEnumTypeConverter<TEnum> : EnumConverter
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter for <typeparamref name="TEnum"/>.</summary>
    public KebabCaseEnumTypeConverter()
        : base(typeof(TEnum))
    {
    }

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is string text)
        {
            string compact = text.Replace("-", string.Empty, StringComparison.Ordinal).Trim();
            if (compact.Length > 0 && !char.IsDigit(compact[0]) && compact[0] != '-' &&
                Enum.TryParse(compact, ignoreCase: true, out TEnum parsed) && Enum.IsDefined(parsed))
            {
                return parsed;
            }

            throw new FormatException(
                $"'{text}' is not one of: {string.Join(", ", Enum.GetNames<TEnum>().Select(KebabName))}.");
        }

        return base.ConvertFrom(context, culture, value);
    }

    /// <summary>The kebab-case spelling of a member name.</summary>
    internal static string KebabName(string name) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(name);
}
