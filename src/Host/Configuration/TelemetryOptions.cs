namespace ScriptHarness.Host.Configuration;

/// <summary>
/// host.json <c>telemetry</c>: where OpenTelemetry traces, metrics and logs go. Off unless
/// <see cref="OtlpEndpoint"/> or <see cref="Console"/> is set.
/// </summary>
internal sealed class TelemetryOptions
{
    /// <summary>The host.json section name.</summary>
    public const string SectionName = "telemetry";

    /// <summary>The OTLP collector's URL (<c>http://localhost:4317</c> for gRPC, <c>http://localhost:4318</c> for HTTP); none by default.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport: <c>grpc</c> (default) or <c>httpProtobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Also print spans, metrics and logs with the SDK's console exporter (standard output; local use only).</summary>
    public bool Console { get; set; }

    /// <summary>The <c>service.name</c> resource attribute. Default <c>scriptharness</c>.</summary>
    public string ServiceName { get; set; } = "scriptharness";

    /// <summary>Whether anything is exported.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(this.OtlpEndpoint) || this.Console;

    /// <summary>Reads the section as bound at start-up (the SDK's exporters are chosen when the container is built).</summary>
    public static TelemetryOptions From(IConfiguration configuration)
    {
        TelemetryOptions options = new();
        configuration.GetSection(SectionName).Bind(options);
        return options;
    }
}
