using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ScriptHarness.Activities.Telemetry;
using ScriptHarness.Host.Configuration;

namespace ScriptHarness.Host.Hosting;

/// <summary>
/// Wires the OpenTelemetry SDK to what the libraries emit through System.Diagnostics: the
/// <c>ScriptHarness</c> spans and meter, the Durable Task Framework's spans, ASP.NET Core's
/// request spans and metrics (under <c>serve</c>), and the logs with their scopes (run and call
/// ids). Only when host.json <c>telemetry</c> names an exporter: off, nothing listens, so the
/// libraries record nothing.
/// </summary>
internal static class TelemetryServices
{
    public static IServiceCollection AddScriptHarnessTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();
        TelemetryOptions options = TelemetryOptions.From(configuration);
        if (!options.Enabled || new TelemetryOptionsValidator().Validate(null, options).Failed)
        {
            // A bad value fails start-up through the validator above, naming the key.
            return services;
        }

        OpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(HarnessTelemetry.SourceName, HarnessTelemetry.FrameworkSourceName).AddAspNetCoreInstrumentation();
                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HarnessTelemetry.MeterName).AddAspNetCoreInstrumentation();
                if (options.Console)
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithLogging(
                logging =>
                {
                    if (options.Console)
                    {
                        logging.AddConsoleExporter();
                    }
                },
                logs => logs.IncludeScopes = true);
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            telemetry.UseOtlpExporter(
                options.OtlpProtocol == "httpProtobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
                new Uri(options.OtlpEndpoint));
        }

        return services;
    }
}
