using System.CommandLine;
using Microsoft.Extensions.Options;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Host.Http;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary><c>serve [--urls URL]</c>: the HTTP API and the durable worker in one process.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        Option<string?> urls = new("--urls") { Description = "URLs to listen on, separated by ; (default host:http:urls)." };
        Command command = new("serve", "Serve the HTTP API and run the durable worker.") { urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                Dictionary<string, string?> more = [];
                if (parse.GetValue(urls) is { } u)
                {
                    more["host:http:urls"] = u;
                }

                IConfigurationRoot configuration = CliContext.Load(parse, more);
                HarnessHostOptions host = new();
                configuration.GetSection(HarnessHostOptions.SectionName).Bind(host);
                ValidateOptionsResult valid = new HarnessHostOptionsValidator().Validate(null, host);
                if (valid.Failed)
                {
                    return CliContext.ConfigurationFailed(valid.FailureMessage);
                }

                // Taken from the environment (and removed from it) when the configuration was loaded.
                ApiKey? key = StartupSecrets.ApiKey;
                if (key is null)
                {
                    return CliContext.ConfigurationFailed($"serve needs an API key: set the environment variable {host.Http.ApiKeyVariable} (host:http:apiKeyVariable).");
                }

                await using WebApplication app = HttpApi.Build(configuration, key, host);
                app.Lifetime.ApplicationStarted.Register(() => Console.Out.WriteLine($"ScriptHarness listening on {host.Http.Urls} (API key {key.Id}); {TerminalText.Line(StoreLocation.Describe(configuration))}"));
                await app.RunAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
            {
                return CliContext.ConfigurationFailed(message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
        });
        return command;
    }
}
