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
using ScriptHarness.Durable.Middleware;
using ScriptHarness.Durable.Options;
using ScriptHarness.Durable.Shims;

namespace ScriptHarness.Durable.Hosting;

/// <summary>
/// Runs DTFx's <see cref="TaskHubWorker"/> over the chosen backend, executing the SDK
/// orchestrators and activities of the <see cref="DurableTaskRegistry"/> through the SDK's shim
/// factory. Stopping is bounded by <see cref="DurableOptions.ShutdownTimeout"/> even with work in flight.
/// </summary>
public sealed class DurableWorkerHostedService : IHostedService, IAsyncDisposable
{
    private readonly DurableBackendConnection backend;
    private readonly DurableOptions options;
    private readonly DurableTaskRegistry registry;
    private readonly DataConverter dataConverter;
    private readonly IServiceProvider services;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private TaskHubWorker? worker;

    /// <summary>Created by the container; see <see cref="DependencyInjection.DurableServiceCollectionExtensions.AddScriptHarnessDurable"/>.</summary>
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
        // DTFx leaves activity and sub-orchestration inputs out of the history unless told;
        // the audit trail needs a tool call's arguments. The dispatcher only exists once the
        // worker starts, so the flag is set on each dispatch, before decisions are recorded.
        worker.AddOrchestrationDispatcherMiddleware((context, next) =>
        {
            worker.TaskOrchestrationDispatcher.IncludeParameters = true;
            return next();
        });
        VersioningMiddleware versioning = new(this.options.Versioning);
        worker.AddOrchestrationDispatcherMiddleware(versioning.InvokeAsync);
        worker.AddOrchestrationDispatcherMiddleware(MissingTaskMiddleware.OrchestrationAsync);
        worker.AddOrchestrationDispatcherMiddleware(ParentInstanceMiddleware.InvokeAsync);
        // Last before the orchestrator: a quarantined instance is failed without running it.
        PoisonGateMiddleware poisonGate = new(this.services.GetService<EpisodeVerdicts>() ?? new EpisodeVerdicts());
        worker.AddOrchestrationDispatcherMiddleware(poisonGate.InvokeAsync);
        worker.AddActivityDispatcherMiddleware(MissingTaskMiddleware.ActivityAsync);

        await this.backend.Service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await worker.StartAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        this.worker = worker;
        Logs.WorkerStarted(this.logger, this.options.Backend, catalog.OrchestratorNames.Count, catalog.ActivityNames.Count);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        TaskHubWorker? worker = Interlocked.Exchange(ref this.worker, null);
        if (worker is null)
        {
            return;
        }

        // DTFx stops fetching at once, waits for work items in flight (about 8 s, in 1 s steps),
        // then stops the provider, which may take long on a remote store; a forced stop would
        // queue behind that on the worker's lock, so the bound is ours: past it, work still in
        // flight is left to the backend, whose lock or visibility timeout hands it to a worker
        // again (activities are at-least-once).
        bool stopped = await Completes(worker.StopAsync(isForced: false), this.options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        if (stopped)
        {
            Logs.WorkerStopped(this.logger);
        }
        else
        {
            Logs.StopTimedOut(this.logger, this.options.ShutdownTimeout);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await this.StopAsync(CancellationToken.None).ConfigureAwait(false);

    private DurableTaskWorkerOptions WorkerOptions()
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

    private static async Task<bool> Completes(Task task, TimeSpan timeout, CancellationToken cancellationToken)
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
}
