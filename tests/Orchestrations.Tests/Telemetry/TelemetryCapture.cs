using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ScriptHarness.Activities.Telemetry;

namespace ScriptHarness.Tests.Orchestrations.Telemetry;

/// <summary>
/// The OpenTelemetry SDK listening to ScriptHarness (and the Durable Task Framework's source)
/// with in-memory exporters, as a host that turned telemetry on would. Listeners are
/// process-wide, so tests pick their spans by trace id and run their metrics alone.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly List<Activity> spans = [];
    private readonly List<MetricSnapshot> metrics = [];
    private readonly TracerProvider tracer;
    private readonly MeterProvider meter;

    /// <param name="framework">Whether to listen to the Durable Task Framework's spans too (then it traces, and ours join its trace).</param>
    public TelemetryCapture(bool framework = true)
    {
        this.tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(framework ? [HarnessTelemetry.SourceName, HarnessTelemetry.FrameworkSourceName] : [HarnessTelemetry.SourceName])
            .AddInMemoryExporter(this.spans)
            .Build()!;
        this.meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(HarnessTelemetry.MeterName)
            .AddInMemoryExporter(this.metrics)
            .Build()!;
    }

    /// <summary>The spans exported so far of <paramref name="traceId"/>.</summary>
    public IReadOnlyList<Activity> Spans(ActivityTraceId? traceId)
    {
        this.tracer.ForceFlush();
        lock (this.spans)
        {
            return [.. this.spans.Where(s => traceId is null || s.TraceId == traceId)];
        }
    }

    /// <summary>The trace of the run span of <paramref name="runId"/>, once exported.</summary>
    public async Task<ActivityTraceId> TraceOfRunAsync(string runId, TimeSpan patience)
    {
        IReadOnlyList<Activity> all = await this.WaitForSpansAsync(null, s => s.Any(x => IsRun(x, runId)), patience);
        return all.First(x => IsRun(x, runId)).TraceId;
    }

    /// <summary>Polls until <paramref name="done"/> holds for the trace's spans (some are emitted after the run ends: the turn's).</summary>
    public async Task<IReadOnlyList<Activity>> WaitForSpansAsync(ActivityTraceId? traceId, Func<IReadOnlyList<Activity>, bool> done, TimeSpan patience)
    {
        using CancellationTokenSource timeout = new(patience);
        while (true)
        {
            IReadOnlyList<Activity> now = this.Spans(traceId);
            if (done(now))
            {
                return now;
            }

            await Task.Delay(25, timeout.Token);
        }
    }

    /// <summary>The points of metric <paramref name="name"/> as last collected, as (tags, sum or histogram count).</summary>
    public IReadOnlyList<(IReadOnlyDictionary<string, object?> Tags, double Value)> Points(string name)
    {
        lock (this.metrics)
        {
            this.metrics.Clear();
        }

        this.meter.ForceFlush();
        lock (this.metrics)
        {
            List<(IReadOnlyDictionary<string, object?>, double)> points = [];
            foreach (MetricSnapshot metric in this.metrics.Where(m => m.Name == name))
            {
                foreach (MetricPoint point in metric.MetricPoints)
                {
                    Dictionary<string, object?> tags = [];
                    foreach (KeyValuePair<string, object?> tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }

                    double value = metric.MetricType switch
                    {
                        MetricType.LongSum => point.GetSumLong(),
                        MetricType.Histogram => point.GetHistogramCount(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        _ => point.GetSumDouble(),
                    };
                    points.Add((tags, value));
                }
            }

            return points;
        }
    }

    private static bool IsRun(Activity span, string runId) =>
        span.OperationName == "scriptharness.run" && (string?)span.GetTagItem(HarnessTelemetry.RunId) == runId;

    public void Dispose()
    {
        this.tracer.Dispose();
        this.meter.Dispose();
    }
}
