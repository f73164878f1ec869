namespace ScriptHarness.Activities.Mcp.Options;

/// <summary>
/// One MCP server: a program started over stdio (<see cref="Command"/>) or a Streamable HTTP
/// endpoint (<see cref="Url"/>). Secrets never appear here: <see cref="Env"/> and
/// <see cref="Headers"/> name environment variables of the worker whose values are read when the
/// server is started.
/// </summary>
public sealed class McpServerOptions
{
    /// <summary>The program to start (stdio transport), e.g. <c>npx</c> or an absolute path.</summary>
    public string? Command { get; set; }

    /// <summary>Its arguments.</summary>
    public List<string> Args { get; init; } = [];

    /// <summary>
    /// Names of the worker's environment variables passed to the program, besides the small set
    /// every program needs (PATH, HOME, ...). Values are read at start, never written in host.json.
    /// </summary>
    public List<string> Env { get; init; } = [];

    /// <summary>The program's working directory; the worker's when null.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>The server's Streamable HTTP endpoint (HTTP transport), e.g. <c>https://example.com/mcp</c>.</summary>
    public string? Url { get; set; }

    /// <summary>HTTP header name to the name of the environment variable holding its value (e.g. <c>"Authorization": "EXAMPLE_MCP_AUTH"</c>).</summary>
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the server's tool annotations (<c>readOnlyHint</c>, ...) are believed by the approval
    /// policy. An untrusted server's tools are all asked about. Default false.
    /// </summary>
    public bool Trust { get; set; }

    /// <summary>How long one call may take before it is cancelled on the server (notifications/cancelled); default 60 s.</summary>
    public int TimeoutMs { get; set; } = 60_000;

    /// <summary>How long starting the server and its handshake may take; default 30 s.</summary>
    public int StartTimeoutMs { get; set; } = 30_000;
}
