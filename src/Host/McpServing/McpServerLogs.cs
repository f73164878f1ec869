namespace ScriptHarness.Host.McpServing;

/// <summary>The MCP server's log lines: event ids 7090-7099 of the Host's range.</summary>
internal static partial class McpServerLogs
{
    [LoggerMessage(EventId = 7090, Level = LogLevel.Information, Message = "The MCP client could not be asked about call #{CallId}; the run waits for decide_call or the webhook: {Reason}")]
    public static partial void ElicitationFailed(ILogger logger, int callId, string reason);
}
