using System.Diagnostics.Metrics;

namespace ScriptHarness.Durable.Telemetry;

/// <summary>
/// The durable layer's instruments on the <c>ScriptHarness</c> meter (the name the activities
/// layer publishes as <c>HarnessTelemetry.MeterName</c>; this project depends on no other of
/// ours, so it repeats it).
/// </summary>
internal static class DurableMetrics
{
    private static readonly Meter Meter = new("ScriptHarness");
    private static readonly Counter<long> Poisoned = Meter.CreateCounter<long>("scriptharness.runs.poisoned", "{instance}", "Instances quarantined as poison (failed without running after too many episodes).");

    public static void Quarantined(string backend) => Poisoned.Add(1, new KeyValuePair<string, object?>("scriptharness.backend", backend));
}
