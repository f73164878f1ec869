using System.CommandLine;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Options;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Cli;

/// <summary>The options every verb accepts, and the configuration they select.</summary>
internal static class CliContext
{
    /// <summary><c>--config PATH</c>: another host.json.</summary>
    public static Option<FileInfo?> Config { get; } = new("--config")
    {
        Description = "The host.json to read (default: ./host.json when it exists).",
        Recursive = true,
    };

    /// <summary><c>--store PATH</c>: the SQLite backend at that file.</summary>
    public static Option<FileInfo?> Store { get; } = new("--store")
    {
        Description = "Shorthand for the SQLite backend at this file (default: durable:sqlite:databasePath, else ~/.local/share/scriptharness/harness.db).",
        Recursive = true,
    };

    /// <summary>The configuration of this invocation: host.json, environment, then command-line overrides.</summary>
    public static IConfigurationRoot Load(ParseResult parse, IReadOnlyDictionary<string, string?>? more = null)
    {
        Dictionary<string, string?> overrides = new(StringComparer.OrdinalIgnoreCase);
        if (parse.GetValue(Store) is { } store)
        {
            foreach ((string key, string? value) in HostConfiguration.StoreOverride(store.FullName))
            {
                overrides[key] = value;
            }
        }

        foreach ((string key, string? value) in more ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        IConfigurationRoot configuration = HostConfiguration.Load(parse.GetValue(Config)?.FullName, overrides);

        // Every verb, not only serve: a verb that hosts the worker must not pass the key to tool children.
        StartupSecrets.Capture(configuration);
        return configuration;
    }

    /// <summary>
    /// The <c>--approve</c> choice, else ask on a terminal and answer nothing when standard input
    /// is redirected or <paramref name="inputTaken"/> (the verb reads its input from it).
    /// </summary>
    public static CliApproval ApprovalMode(ParseResult parse, Option<CliApproval?> approve, bool inputTaken = false) =>
        parse.GetValue(approve) ?? (inputTaken || Console.IsInputRedirected ? CliApproval.None : CliApproval.Ask);

    /// <summary>Starts this process's worker on the configured store, which must exist (a mistyped <c>--store</c> creates nothing).</summary>
    public static Task<HarnessProcess> StartWorkerAsync(IConfigurationRoot configuration, CancellationToken cancellationToken) =>
        HarnessProcess.StartAsync(configuration, worker: true, cancellationToken, existingStoreOnly: true);

    /// <summary>
    /// Runs a verb over existing runs, turning its refusals into exit codes: a configuration
    /// problem (78), a refused request (6, its stable code printed), an interrupt (130).
    /// </summary>
    public static async Task<int> RefusalsAsExitCodesAsync(Func<Task<int>> verb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verb);
        try
        {
            return await verb().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConfigurationError(ex, out string message))
        {
            return ConfigurationFailed(message);
        }
        catch (ScriptRunClientException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.StableCode}: {TerminalText.Line(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.RequestRefused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>Whether an exception is a configuration problem, and its message.</summary>
    public static bool IsConfigurationError(Exception ex, out string message)
    {
        message = ex switch
        {
            HostConfigurationException e => e.Message,
            _ when Find<DurableConfigurationException>(ex) is { } e => e.Message,
            OptionsValidationException e => string.Join(Environment.NewLine, e.Failures),
            AggregateException { InnerExceptions: var inner } when inner.All(i => i is OptionsValidationException) =>
                string.Join(Environment.NewLine, inner.SelectMany(i => ((OptionsValidationException)i).Failures)),
            InvalidOperationException e when e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase) || e.InnerException is FormatException => e.Message + (e.InnerException is { } i ? " " + i.Message : string.Empty),
            _ => string.Empty,
        };
        return message.Length > 0;
    }

    // Found while the backend is built, so it may arrive wrapped by the container or the host.
    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Prints a configuration problem and returns its exit code.</summary>
    public static int ConfigurationFailed(string message)
    {
        Console.Error.WriteLine($"configuration error: {TerminalText.Block(message, "  ")}");
        return ExitCodes.Configuration;
    }
}
