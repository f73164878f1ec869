namespace ScriptHarness.Host.Hosting;

/// <summary>Logging of every verb: to standard error (standard output belongs to reports), levels from host.json <c>logging</c>.</summary>
internal static class HarnessLogging
{
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration, LogLevel minimum)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        logging.AddConfiguration(configuration.GetSection("logging"));
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
