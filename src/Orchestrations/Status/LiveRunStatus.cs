using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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

        // The status is written at the end of every episode: the options' metadata lookup for
        // RunStatus is done once per options instance, not once per write (one reference, so
        // workers writing on several threads never pair one options with another's metadata).
        private Metadata? metadata;

        public override void Write(Utf8JsonWriter writer, LiveRunStatus value, JsonSerializerOptions options)
        {
            Metadata? known = this.metadata;
            if (known is null || !ReferenceEquals(known.Options, options))
            {
                known = new Metadata(options, (JsonTypeInfo<RunStatus>)options.GetTypeInfo(typeof(RunStatus)));
                this.metadata = known;
            }

            JsonSerializer.Serialize(writer, value.Current, known.Info);
        }

        private sealed record Metadata(JsonSerializerOptions Options, JsonTypeInfo<RunStatus> Info);
    }
}
