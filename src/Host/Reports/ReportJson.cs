using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Host.Reports;

/// <summary>The JSON settings of everything the Host prints or answers: camelCase, enums in kebab case (<see cref="WireEnums"/>), one line.</summary>
internal static class ReportJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>One object on one line.</summary>
    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create()
    {
        JsonSerializerOptions options = new(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = false,

            // Reports are read by people and models on a terminal, not embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        WireEnums.Apply(options);
        options.MakeReadOnly();
        return options;
    }
}
