using DurableTask.Core;

namespace ScriptHarness.Durable.Backends;

/// <summary>
/// What a backend provides: the DTFx <see cref="IOrchestrationService"/> the worker dispatches
/// from and the <see cref="IOrchestrationServiceClient"/> the client writes to (often one object).
/// The client also uses <c>IOrchestrationServiceQueryClient</c> and
/// <c>IOrchestrationServicePurgeClient</c> when <see cref="Client"/> implements them.
/// </summary>
public sealed class DurableBackendConnection : IAsyncDisposable
{
    private readonly Func<ValueTask>? dispose;

    /// <summary>Creates a connection.</summary>
    /// <param name="service">The orchestration service the worker runs on.</param>
    /// <param name="client">The client side of the same store.</param>
    /// <param name="dispose">Releases what the backend holds, called when the container is disposed.</param>
    public DurableBackendConnection(IOrchestrationService service, IOrchestrationServiceClient client, Func<ValueTask>? dispose = null)
    {
        this.Service = service ?? throw new ArgumentNullException(nameof(service));
        this.Client = client ?? throw new ArgumentNullException(nameof(client));
        this.dispose = dispose;
    }

    /// <summary>The orchestration service the worker dispatches from.</summary>
    public IOrchestrationService Service { get; }

    /// <summary>The client side of the store.</summary>
    public IOrchestrationServiceClient Client { get; }

    /// <summary>
    /// Creates the store (tables, queues, the database file) when it does not exist yet: what a
    /// process that only uses the client (no worker) needs before its first read, without
    /// touching <see cref="Service"/> itself.
    /// </summary>
    public Task CreateStoreIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        this.Service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => this.dispose?.Invoke() ?? ValueTask.CompletedTask;
}
