namespace ScriptHarness.Activities.Mcp;

/// <summary>Stable detail codes of MCP tool failures (<see cref="ScriptRuntime.Errors.ScriptError.Detail"/>).</summary>
public static class McpErrorDetails
{
    /// <summary>The server answered the call with <c>isError: true</c>; the message is the tool's text. Not retryable.</summary>
    public const string ToolError = "mcp-tool-error";

    /// <summary>The server process exited (or the connection closed) while the call was in flight; retryable (the server is restarted).</summary>
    public const string ServerExited = "mcp-server-exited";

    /// <summary>The server could not be started or did not complete the handshake; retryable.</summary>
    public const string ServerUnavailable = "mcp-server-unavailable";

    /// <summary>The call ran past the server's <c>timeoutMs</c>; the server was sent a cancellation. Retryable.</summary>
    public const string Timeout = "mcp-timeout";

    /// <summary>The server refused the request (a JSON-RPC error, e.g. invalid params). Not retryable.</summary>
    public const string ProtocolError = "mcp-protocol-error";

    /// <summary>The server no longer lists the tool (its tool list changed). Not retryable.</summary>
    public const string ToolGone = "mcp-tool-gone";
}
