using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Mcp.Options;

namespace ScriptHarness.Activities.Mcp;

/// <summary>
/// The MCP servers of one worker (a singleton): one <see cref="McpServerConnection"/> per
/// configured server, each started on first use; disposing the pool (the worker stopping) stops
/// every server.
/// </summary>
internal sealed class McpServerPool : IAsyncDisposable, IDisposable
{
    private readonly Dictionary<string, McpServerConnection> connections;

    public McpServerPool(IOptions<McpOptions> options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ILoggerFactory factory = loggers ?? NullLoggerFactory.Instance;
        this.connections = options.Value.Servers.ToDictionary(
            s => s.Key,
            s => new McpServerConnection(s.Key, s.Value, factory),
            StringComparer.Ordinal);
    }

    public IEnumerable<McpServerConnection> Connections => this.connections.Values;

    public McpServerConnection Get(string server) => this.connections[server];

    /// <summary>For containers disposed synchronously (a CLI command's provider): stops the servers all the same.</summary>
    public void Dispose() => Task.Run(() => this.DisposeAsync().AsTask()).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        foreach (McpServerConnection connection in this.connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
