using Microsoft.Extensions.Options;

namespace ScriptHarness.Host.Configuration;

/// <summary>Refuses bad <c>telemetry</c> settings at start, naming the key.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> problems = [];
        if (options.OtlpEndpoint is { } endpoint &&
            (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo)))
        {
            problems.Add($"telemetry:otlpEndpoint is '{endpoint}', which is not an http or https URL without credentials (e.g. http://localhost:4317).");
        }

        if (options.OtlpProtocol is not ("grpc" or "httpProtobuf"))
        {
            problems.Add($"telemetry:otlpProtocol is '{options.OtlpProtocol}'; allowed: grpc, httpProtobuf.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            problems.Add("telemetry:serviceName must not be empty.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
