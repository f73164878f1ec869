using Microsoft.Extensions.Logging;

namespace ScriptHarness.Activities;

/// <summary>
/// Every log line of the tools, declared once with a stable event id in the range 2000–2999
/// (ScriptRuntime would use 1000–1999, Orchestrations 3000–3999, the durable layer 9000s).
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "activities.exec.sandbox is 'none' (acknowledged): exec commands run WITHOUT an OS sandbox and can read and write whatever the worker's user can, including the network and the worker's own files.")]
    public static partial void ExecUnsandboxed(this ILogger logger);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "MCP server '{Server}' started: {ServerName} {ServerVersion}.")]
    public static partial void McpServerStarted(this ILogger logger, string server, string serverName, string serverVersion);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "MCP server '{Server}' had stopped; starting it again.")]
    public static partial void McpServerRestarting(this ILogger logger, string server);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "MCP server '{Server}' stderr: {Line}")]
    public static partial void McpServerStderr(this ILogger logger, string server, string line);
}
