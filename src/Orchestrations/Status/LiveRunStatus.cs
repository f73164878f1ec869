using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Orchestrations.Status;

/// <summary>
/// The run's custom status, computed when the framework serializes it at the end of each
/// episode rather than rebuilt on every step of every replay. It serializes as the
/// <see cref="RunStatus"/> of that moment, which clients read it as.
/// </summary>
[JsonConverter(typeof(LiveRunStatusConverter))]
internal sealed class LiveRunStatus(Func<RunStatus> current)
{
    /// <summary>The status as of now.</summary>
    public RunStatus Current => current();

    private sealed class LiveRunStatusConverter : JsonConverter<LiveRunStatus>
    {
        public override LiveRunStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A live run status is only written; read it as a RunStatus.");

        public override void Write(Utf8JsonWriter writer, LiveRunStatus value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Current, options);
    }
}
