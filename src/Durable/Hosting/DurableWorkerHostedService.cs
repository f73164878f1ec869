using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.Configuration;

namespace ScriptHarness.Durable.Hosting;

/// <summary>
/// Runs DTFx's <see cref="TaskHubWorker"/> over the chosen backend, executing the SDK
/// orchestrators and activities of the <see cref="DurableTaskRegistry"/> through the SDK's shim
/// factory. Stops gracefully within <see cref="DurableOptions.ShutdownTimeout"/>, then by force.
/// </summary>
public sealed partial class DurableWorkerHostedService : IHostedService, IAsyncDisposable
{
    readonly DurableBackendConnection backend;
    readonly DurableOptions options;
    readonly DurableTaskRegistry registry;
    readonly DataConverter dataConverter;
    readonly IServiceProvider services;
    readonly ILoggerFactory loggerFactory;
    readonly ILogger logger;
    TaskHubWorker? worker;

    /// <summary>Created by the container; see <see cref="DurableServiceCollectionExtensions.AddScriptHarnessDurable"/>.</summary>
    public DurableWorkerHostedService(
        DurableBackendConnection backend,
        IOptions<DurableOptions> options,
        IOptions<DurableTaskRegistry> registry,
        DataConverter dataConverter,
        IServiceProvider services,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        loggerFactory ??= NullLoggerFactory.Instance;
        this.backend = backend;
        this.options = options.Value;
        this.registry = registry.Value;
        this.dataConverter = dataConverter;
        this.services = services;
        this.loggerFactory = loggerFactory;
        this.logger = loggerFactory.CreateLogger<DurableWorkerHostedService>();
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        TaskCatalog catalog = new(this.registry);
        DurableTaskShimFactory shims = new(this.WorkerOptions(), this.loggerFactory);
        TaskHubWorker worker = new(
            this.backend.Service,
            new OrchestrationObjectManager(catalog, shims, this.services),
            new ActivityObjectManager(catalog, shims, this.services.GetRequiredService<IServiceScopeFactory>()),
            this.loggerFactory)
        {
            // The shims report failures as FailureDetails; any other mode loses them.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        VersioningMiddleware versioning = new(this.options.Versioning);
        worker.AddOrchestrationDispatcherMiddleware(versioning.InvokeAsync);
        worker.AddOrchestrationDispatcherMiddleware(ParentInstanceMiddleware.InvokeAsync);

        await this.backend.Service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await worker.StartAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        this.worker = worker;
        Log.WorkerStarted(this.logger, this.options.Backend, catalog.OrchestratorNames.Count, catalog.ActivityNames.Count);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        TaskHubWorker? worker = Interlocked.Exchange(ref this.worker, null);
        if (worker is null)
        {
            return;
        }

        // Graceful first: DTFx waits for work items in flight. A work item that does not finish
        // in time is abandoned by the forced stop and redelivered by the backend later.
        Task graceful = worker.StopAsync(isForced: false);
        if (await Completes(graceful, this.options.ShutdownTimeout, cancellationToken).ConfigureAwait(false))
        {
            Log.WorkerStopped(this.logger, forced: false);
            return;
        }

        Log.ForcingStop(this.logger, this.options.ShutdownTimeout);
        await Completes(worker.StopAsync(isForced: true), this.options.ShutdownTimeout, CancellationToken.None).ConfigureAwait(false);
        Log.WorkerStopped(this.logger, forced: true);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await this.StopAsync(CancellationToken.None).ConfigureAwait(false);

    DurableTaskWorkerOptions WorkerOptions()
    {
        DurableTaskWorkerOptions workerOptions = new() { DataConverter = this.dataConverter };
        if (!string.IsNullOrEmpty(this.options.Versioning.Version) || !string.IsNullOrEmpty(this.options.Versioning.DefaultVersion))
        {
            workerOptions.Versioning = new DurableTaskWorkerOptions.VersioningOptions
            {
                Version = this.options.Versioning.Version,
                DefaultVersion = this.options.Versioning.DefaultVersion,
                MatchStrategy = this.options.Versioning.MatchStrategy,
                FailureStrategy = this.options.Versioning.FailureStrategy,
            };
        }

        return workerOptions;
    }

    static async Task<bool> Completes(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Durable worker started on backend {Backend} with {Orchestrators} orchestrators and {Activities} activities.")]
        public static partial void WorkerStarted(ILogger logger, string backend, int orchestrators, int activities);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Durable worker stopped (forced: {Forced}).")]
        public static partial void WorkerStopped(ILogger logger, bool forced);

        [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Durable worker did not stop within {Timeout}; stopping by force.")]
        public static partial void ForcingStop(ILogger logger, TimeSpan timeout);
    }
}
