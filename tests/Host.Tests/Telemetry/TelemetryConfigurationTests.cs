using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Telemetry;

/// <summary>host.json <c>telemetry</c>: off by default, the SDK wired when an exporter is named, bad values refused naming the key.</summary>
public sealed class TelemetryConfigurationTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public void Without_a_telemetry_section_no_OpenTelemetry_provider_is_registered_so_nothing_listens_or_exports()
    {
        using IHost host = Build(new Dictionary<string, string?>());

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.DoesNotContain(host.Services.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>(), p => p.GetType().FullName!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("telemetry:console", "true")]
    [InlineData("telemetry:otlpEndpoint", "http://127.0.0.1:4317")]
    public void An_exporter_in_the_telemetry_section_registers_the_tracer_meter_and_logger_providers(string key, string value)
    {
        using IHost host = Build(new Dictionary<string, string?> { [key] = value });

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.Contains(host.Services.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>(), p => p.GetType().FullName!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("otlpEndpoint", "localhost:4317", "telemetry:otlpEndpoint")]
    [InlineData("otlpEndpoint", "ftp://collector", "telemetry:otlpEndpoint")]
    [InlineData("otlpEndpoint", "http://user:secret@collector:4317", "telemetry:otlpEndpoint")]
    [InlineData("otlpProtocol", "udp", "telemetry:otlpProtocol")]
    [InlineData("serviceName", " ", "telemetry:serviceName")]
    public void A_bad_telemetry_value_is_refused_naming_the_key(string key, string value, string named)
    {
        using IHost host = Build(new Dictionary<string, string?> { ["telemetry:" + key] = value });

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(refused.Failures, f => f.Contains(named, StringComparison.Ordinal));
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task A_bad_endpoint_in_host_json_fails_the_CLI_with_exit_78_naming_the_key()
    {
        File.WriteAllText(this.home.HostJson, """{ "telemetry": { "otlpEndpoint": "collector:4317" } }""");
        HostProcess list = await HostProcess.RunAsync(this.home.Root, null, "list", "--config", this.home.HostJson, "--store", this.home.Store);

        Assert.True(list.ExitCode == 78, $"exit {list.ExitCode}: {list.Stderr}");
        Assert.Contains("telemetry:otlpEndpoint", list.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_telemetry_key_fails_start_up_naming_it()
    {
        File.WriteAllText(this.home.HostJson, """{ "telemetry": { "endpoint": "http://collector:4317" } }""");
        HostProcess list = await HostProcess.RunAsync(this.home.Root, null, "list", "--config", this.home.HostJson, "--store", this.home.Store);

        Assert.True(list.ExitCode == 78, $"exit {list.ExitCode}: {list.Stderr}");
        Assert.Contains("telemetry:endpoint", list.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mcp_refuses_the_console_exporter_because_standard_output_carries_the_protocol()
    {
        HostProcess mcp = await HostProcess.RunAsync(this.home.Root, new Dictionary<string, string?> { ["SCRIPTHARNESS__telemetry__console"] = "true" }, "mcp", "--store", this.home.Store);

        Assert.True(mcp.ExitCode == 78, $"exit {mcp.ExitCode}: {mcp.Stderr}");
        Assert.Contains("telemetry:console", mcp.Stderr, StringComparison.Ordinal);
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        settings["durable:backend"] = "sqlite";
        settings["durable:sqlite:databasePath"] = this.home.Store;
        IConfigurationRoot configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return HarnessProcess.CreateBuilder(configuration).Build();
    }
}
