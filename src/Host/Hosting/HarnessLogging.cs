using Microsoft.Extensions.Logging.Console;

namespace ScriptHarness.Host.Hosting;

/// <summary>Logging of every verb: to standard error (standard output belongs to reports), levels from host.json <c>logging</c>.</summary>
internal static class HarnessLogging
{
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration, LogLevel minimum)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        logging.AddConfiguration(configuration.GetSection("logging"));
        logging.AddConsole(o => o.FormatterName = TerminalLogFormatter.FormatterName);
        logging.AddConsoleFormatter<TerminalLogFormatter, ConsoleFormatterOptions>();
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
