using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ScriptHarness.Activities.Mcp.Options;

namespace ScriptHarness.Activities.Mcp;

/// <summary>
/// One MCP server on this worker: started on first use, reused by every call, started again
/// when it has died, stopped with the worker. Its tool list is cached and dropped when the
/// server sends <c>notifications/tools/list_changed</c>, so the next use lists again.
/// </summary>
internal sealed class McpServerConnection : IAsyncDisposable
{
    private readonly McpServerOptions options;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private McpClient? client;
    private IAsyncDisposable? listChanged;
    private volatile IReadOnlyDictionary<string, Tool>? tools;
    private int starts;
    private bool disposed;
    private int disposeStarted;

    public McpServerConnection(string name, McpServerOptions options, ILoggerFactory loggers)
    {
        this.Name = name;
        this.options = options;
        this.loggers = loggers;
        this.logger = loggers.CreateLogger<McpServerConnection>();
    }

    public string Name { get; }

    public McpServerOptions Options => this.options;

    /// <summary>How many times the server was started on this worker (1 after the first use; more after restarts).</summary>
    public int Starts => Volatile.Read(ref this.starts);

    /// <summary>The server's name and version as it reported them in the handshake; null before the first start.</summary>
    public Implementation? ServerInfo => this.client?.ServerInfo;

    /// <summary>The live client, starting (or restarting) the server when there is none.</summary>
    public async Task<McpClient> ClientAsync(CancellationToken cancellationToken)
    {
        McpClient? current = this.client;
        if (current is not null && !current.Completion.IsCompleted)
        {
            return current;
        }

        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
            if (this.client is { } live && !live.Completion.IsCompleted)
            {
                return live;
            }

            if (this.client is not null)
            {
                this.logger.McpServerRestarting(this.Name);
                await this.StopAsync().ConfigureAwait(false);
            }

            using CancellationTokenSource start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            start.CancelAfter(this.options.StartTimeoutMs);
            McpClient created = await McpClient.CreateAsync(
                this.CreateTransport(),
                new McpClientOptions
                {
                    ClientInfo = new Implementation { Name = "scriptharness", Version = typeof(McpServerConnection).Assembly.GetName().Version?.ToString() ?? "0" },
                    InitializationTimeout = TimeSpan.FromMilliseconds(this.options.StartTimeoutMs),
                },
                this.loggers,
                start.Token).ConfigureAwait(false);
            this.listChanged = created.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
            {
                this.tools = null;
                return ValueTask.CompletedTask;
            });
            this.tools = null;
            this.client = created;
            Interlocked.Increment(ref this.starts);
            this.logger.McpServerStarted(this.Name, created.ServerInfo?.Name ?? "?", created.ServerInfo?.Version ?? "?");
            return created;
        }
        finally
        {
            this.gate.Release();
        }
    }

    /// <summary>The server's tools by name, listed once and again after a list change or a restart.</summary>
    public async Task<IReadOnlyDictionary<string, Tool>> ToolsAsync(CancellationToken cancellationToken)
    {
        McpClient current = await this.ClientAsync(cancellationToken).ConfigureAwait(false);
        if (this.tools is { } cached)
        {
            return cached;
        }

        IList<McpClientTool> listed = await current.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var byName = new Dictionary<string, Tool>(StringComparer.Ordinal);
        foreach (McpClientTool tool in listed)
        {
            byName[tool.ProtocolTool.Name] = tool.ProtocolTool;
        }

        this.tools = byName;
        return byName;
    }

    /// <summary>Whether the session of <paramref name="used"/> has ended (the server died or closed the connection).</summary>
    public static bool HasEnded(McpClient used) => used.Completion.IsCompleted;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref this.disposeStarted, 1) == 1)
        {
            return;
        }

        await this.gate.WaitAsync().ConfigureAwait(false);
        try
        {
            this.disposed = true;
            await this.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            this.gate.Release();
        }

        this.gate.Dispose();
    }

    private async Task StopAsync()
    {
        if (this.listChanged is not null)
        {
            await this.listChanged.DisposeAsync().ConfigureAwait(false);
            this.listChanged = null;
        }

        if (this.client is not null)
        {
            await this.client.DisposeAsync().ConfigureAwait(false);
            this.client = null;
        }
    }

    private IClientTransport CreateTransport()
    {
        if (!string.IsNullOrWhiteSpace(this.options.Url))
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach ((string header, string variable) in this.options.Headers)
            {
                if (Environment.GetEnvironmentVariable(variable) is { } value)
                {
                    headers[header] = value;
                }
            }

            return new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Name = this.Name,
                    Endpoint = new Uri(this.options.Url),
                    TransportMode = HttpTransportMode.StreamableHttp,
                    AdditionalHeaders = headers,
                },
                this.loggers);
        }

        // Only the small set every program needs plus the variables host.json names: nothing else of the worker's environment.
        var environment = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
        foreach (string variable in this.options.Env)
        {
            if (Environment.GetEnvironmentVariable(variable) is { } value)
            {
                environment[variable] = value;
            }
        }

        return new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Name = this.Name,
                Command = this.options.Command!,
                Arguments = [.. this.options.Args],
                WorkingDirectory = this.options.WorkingDirectory,
                InheritEnvironmentVariables = false,
                EnvironmentVariables = environment!,
                StandardErrorLines = line => this.logger.McpServerStderr(this.Name, line),
            },
            this.loggers);
    }
}
