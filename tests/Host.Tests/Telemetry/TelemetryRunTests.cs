using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Telemetry;

/// <summary>The CLI honours host.json <c>telemetry</c>: a real <c>run</c> prints its spans with the console exporter.</summary>
public sealed class TelemetryRunTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task Run_with_the_console_exporter_prints_the_run_call_and_tool_spans_and_without_it_prints_none()
    {
        string output = Path.Combine(RepoPaths.Examples, "explore-repo.md");
        HostProcess traced = await HostProcess.RunAsync(
            this.home.Root,
            new Dictionary<string, string?> { ["SCRIPTHARNESS__telemetry__console"] = "true", ["SCRIPTHARNESS__telemetry__serviceName"] = "otel-test" },
            "run", output, "--workspace", this.home.NewWorkspace(), "--store", this.home.Store);
        HostProcess plain = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", this.home.NewWorkspace(), "--store", this.home.Store);

        Assert.True(traced.ExitCode == 0, $"exit {traced.ExitCode}: {traced.Stderr}");
        Assert.Contains("scriptharness.run", traced.Stdout, StringComparison.Ordinal);
        Assert.Contains("scriptharness.call", traced.Stdout, StringComparison.Ordinal);
        Assert.Contains("scriptharness.tool", traced.Stdout, StringComparison.Ordinal);
        Assert.Contains("otel-test", traced.Stdout, StringComparison.Ordinal);
        Assert.True(plain.ExitCode == 0, $"exit {plain.ExitCode}: {plain.Stderr}");
        Assert.DoesNotContain("scriptharness.run", plain.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("scriptharness.tool", plain.Stdout, StringComparison.Ordinal);
    }
}
