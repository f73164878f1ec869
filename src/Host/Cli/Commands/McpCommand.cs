using System.CommandLine;
using Microsoft.Extensions.Options;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Host.McpServing;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary>
/// <c>mcp [--workspace DIR]</c>: the MCP server on standard input and output, with the durable
/// worker in the same process (an MCP client starts it as a subprocess). Standard output carries
/// only the protocol; logs go to standard error. Runs live in the store, so a run that waits for
/// approval outlives this process and is found by id from the next one.
/// </summary>
internal static class McpCommand
{
    public static Command Create()
    {
        Option<DirectoryInfo?> workspace = new("--workspace") { Description = "The default workspace of run_script (default: host:defaultWorkspace, the current directory)." };
        Command command = new("mcp", "Serve ScriptHarness as an MCP server over stdio (run_script, get_run, decide_call).") { workspace };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                Dictionary<string, string?> more = [];
                if (parse.GetValue(workspace) is { } dir)
                {
                    more["host:defaultWorkspace"] = dir.FullName;
                }

                IConfigurationRoot configuration = CliContext.Load(parse, more);
                if (Configuration.TelemetryOptions.From(configuration).Console)
                {
                    // Standard output carries the protocol here; the console exporter would corrupt it.
                    throw new Configuration.HostConfigurationException("telemetry:console cannot be used with mcp: standard output carries the MCP protocol. Use telemetry:otlpEndpoint.");
                }

                HostApplicationBuilder builder = HarnessProcess.CreateBuilder(configuration);
                builder.Services.AddScriptHarnessMcpServer().WithStdioServerTransport();
                using IHost host = builder.Build();
                host.Services.GetRequiredService<IStartupValidator>().Validate();

                // Ends when the client closes standard input (the stdio transport stops the host) or on a signal.
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
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
