using System.CommandLine;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Options;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Hosting;

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
