namespace ScriptHarness.Host;

/// <summary>
/// Every log line of the Host, declared once with a stable event id. The Host's range is
/// 7000-7099 (7000-7049 the HTTP API, 7050-7099 the CLI and hosting); the other projects keep
/// theirs in their own <c>Logs</c> classes.
/// </summary>
internal static partial class Logs
{
    // Method and path are the caller's text: structured values, escaped by the console formatter.
    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Unexpected fault answering {Method} {Path} (trace {TraceId}).")]
    public static partial void UnexpectedFault(ILogger logger, Exception exception, string method, string? path, string traceId);
}
