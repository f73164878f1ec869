using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Telemetry;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Orchestrations.Hosting;

/// <summary>
/// Hardens <see cref="OrchestrationsOptions.PrewarmedSandboxes"/> script engines for the host's
/// limits when the worker starts, off the start path, so a run's first episode does not pay for
/// freezing the intrinsics; the pool keeps that many ready afterwards.
/// </summary>
internal sealed class SandboxPrewarmService(
    IOptions<OrchestrationsOptions> options,
    IOptions<ScriptLimits> limits,
    ILogger<SandboxPrewarmService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        int count = options.Value.PrewarmedSandboxes;
        RunMetrics.WatchPool(limits.Value.Clone());
        if (count > 0 && options.Value.Mode != FeatureMode.Disabled)
        {
            ScriptLimits host = limits.Value.Clone();
            _ = Task.Run(() => this.Prewarm(host, count), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Prewarm(ScriptLimits host, int count)
    {
        try
        {
            int built = ScriptRun.Prewarm(host, count);
            logger.SandboxesPrewarmed(built);
        }
        catch (ArgumentException exception)
        {
            // Invalid limits fail every run with a clear error; prewarming only saves time.
            logger.SandboxesNotPrewarmed(exception.Message);
        }
    }
}
