using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.ScriptRuntime.Errors;

/// <summary>Writes <see cref="ScriptErrorCode"/> as its stable code and reads it back.</summary>
public sealed class ScriptErrorCodeJsonConverter : JsonConverter<ScriptErrorCode>
{
    /// <inheritdoc />
    public override ScriptErrorCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        return ScriptErrorCodes.TryParse(text, out ScriptErrorCode code)
            ? code
            : throw new JsonException($"Unknown script error code '{text}'.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ScriptErrorCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToCode());
    }
}
