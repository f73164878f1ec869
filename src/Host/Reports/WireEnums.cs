using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Host.Reports;

/// <summary>
/// The report's enums in kebab case on the wire (<c>timed-out</c>, <c>not-reached</c>), like
/// every enum of the HTTP contract, while runs keep recording them as they always did
/// (<c>TimedOut</c>: the runtime's records carry that converter, so histories and outputs of
/// existing runs read unchanged). Reading accepts both spellings.
/// </summary>
internal static class WireEnums
{
    private static readonly JsonConverter[] Converters =
    [
        new KebabCaseEnumConverter<ToolCallStatus>(),
        new KebabCaseEnumConverter<ConsoleLevel>(),
        new KebabCaseEnumConverter<ScriptLimit>(),
    ];

    private static readonly HashSet<Type> Enums = [typeof(ToolCallStatus), typeof(ConsoleLevel), typeof(ScriptLimit)];

    /// <summary>Applies the wire spelling to <paramref name="options"/> (before it is first used).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (JsonConverter converter in Converters)
        {
            options.Converters.Add(converter);
        }

        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Modify);
    }

    // The records name their converter on the property, which outranks the options' converters:
    // it is dropped here, on the Host's options only, so the options' kebab-case converter (and,
    // for a nullable enum, the framework's nullable wrapper around it) applies.
    private static void Modify(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (JsonPropertyInfo property in type.Properties)
        {
            if (Enums.Contains(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType))
            {
                property.CustomConverter = null;
            }
        }
    }
}
