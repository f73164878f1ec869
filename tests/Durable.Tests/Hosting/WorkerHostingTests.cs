using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.Backends.InMemory;
using ScriptHarness.Durable.Hosting;
using Microsoft.Extensions.Logging;

namespace ScriptHarness.Tests.Durable.Hosting;

public sealed class WorkerHostingTests
{
    private sealed class ScopeProbe : IDisposable
    {
        private static int next;

        public int Id { get; } = Interlocked.Increment(ref next);

        public bool Disposed { get; private set; }

        public void Dispose() => this.Disposed = true;
    }

    private sealed class ProbeLog
    {
        public List<ScopeProbe> Seen { get; } = [];
    }

    private sealed class ProbeActivity(ScopeProbe probe, ProbeLog log) : TaskActivity<string, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, string input)
        {
            lock (log)
            {
                log.Seen.Add(probe);
            }

            Assert.False(probe.Disposed);
            return Task.FromResult(probe.Id);
        }
    }

    [Fact]
    public async Task Each_activity_gets_its_own_dependency_injection_scope_disposed_after_it_returns()
    {
        IHost host = await TestHost.StartAsync(
            r =>
            {
                r.AddActivity<ProbeActivity>("probe");
                r.AddOrchestratorFunc<string, int[]>("two-probes", async (ctx, _) =>
                    [await ctx.CallActivityAsync<int>("probe", "a"), await ctx.CallActivityAsync<int>("probe", "b")]);
            },
            services: s => s.AddScoped<ScopeProbe>().AddSingleton<ProbeLog>());
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("two-probes", "x");
            OrchestrationMetadata done = await host.Client().CompletedAsync(id);

            int[] ids = done.ReadOutputAs<int[]>()!;
            ProbeLog log = host.Services.GetRequiredService<ProbeLog>();
            Assert.Equal(2, log.Seen.Count);
            Assert.NotEqual(ids[0], ids[1]);
            Assert.All(log.Seen, p => Assert.True(p.Disposed));
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Orchestration_nobody_registered_fails_instead_of_hanging()
    {
        IHost host = await TestHost.StartAsync(_ => { });
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("nobody-registered-this");
            OrchestrationMetadata done = await host.Client().CompletedAsync(id);

            Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
            Assert.Equal("OrchestratorTaskNotFound", done.FailureDetails?.ErrorType);
            Assert.Contains("nobody-registered-this", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Activity_nobody_registered_fails_the_call_with_its_name()
    {
        IHost host = await TestHost.StartAsync(r => r.AddOrchestratorFunc<string, string>("calls-missing", (ctx, _) => ctx.CallActivityAsync<string>("missing-activity")));
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("calls-missing");
            OrchestrationMetadata done = await host.Client().CompletedAsync(id);

            Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
            Assert.Contains("missing-activity", done.FailureDetails?.ToString(), StringComparison.Ordinal);
            Assert.Equal("ActivityTaskNotFound", done.FailureDetails?.InnerFailure?.ErrorType);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Stopping_returns_within_the_shutdown_timeout_while_an_activity_is_still_running()
    {
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        bool finished = false;
        CapturingLoggerProvider logs = new();
        IHost host = await TestHost.StartAsync(
            r =>
            {
                r.AddActivityFunc<string, string>("stuck", async (_, input) =>
                {
                    started.TrySetResult();
                    await release.Task;
                    finished = true;
                    return input;
                });
                r.AddOrchestratorFunc<string, string>("runs-stuck", (ctx, input) => ctx.CallActivityAsync<string>("stuck", input));
            },
            [new("durable:shutdownTimeout", "00:00:00.300")],
            s => s.AddLogging(b => b.AddProvider(logs)));
        try
        {
            await host.Client().ScheduleNewOrchestrationInstanceAsync("runs-stuck", "x");
            await started.Task.WaitAsync(TestHost.Patience);

            await host.StopAsync(CancellationToken.None).WaitAsync(TestHost.Patience);

            Assert.False(finished);
            // The bound, not DTFx's own (about 8 s) wait for work in flight, ended the stop.
            Assert.Contains(logs.Entries, e => e.EventId.Id == 9003 && e.Category.EndsWith(nameof(DurableWorkerHostedService), StringComparison.Ordinal));
        }
        finally
        {
            release.TrySetResult();
            host.Dispose();
        }
    }

    [Fact]
    public async Task Unknown_backend_name_fails_at_start_naming_the_known_backends()
    {
        using IHost host = TestHost.Build(_ => { }, [new("durable:backend", "carrierPigeon")]);

        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("carrierPigeon", failure.Message, StringComparison.Ordinal);
        Assert.Contains("inMemory", failure.Message, StringComparison.Ordinal);
        Assert.Contains("azureStorage", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_one_name_twice_fails_at_start()
    {
        using IHost host = TestHost.Build(r =>
        {
            r.AddOrchestratorFunc<string, string>("twice", (ctx, i) => Task.FromResult(i));
            r.AddOrchestratorFunc<string, string>("twice", new TaskVersion("2"), (ctx, i) => Task.FromResult(i));
        });

        InvalidOperationException failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("'twice'", failure.Message, StringComparison.Ordinal);
    }

    private sealed class CountingBackend : IDurableBackend
    {
        public int Created { get; private set; }

        public string Name => "counting";

        public DurableBackendConnection Create(IServiceProvider services)
        {
            this.Created++;
            return new InMemoryDurableBackend().Create(services);
        }
    }

    private sealed class CountingDecorator : IDurableBackendDecorator
    {
        public int Decorated { get; private set; }

        public DurableBackendConnection Decorate(DurableBackendConnection inner, IServiceProvider services)
        {
            this.Decorated++;
            return inner;
        }
    }

    [Fact]
    public async Task A_registered_backend_is_selected_by_name_and_decorators_wrap_it()
    {
        CountingBackend backend = new();
        CountingDecorator decorator = new();
        IHost host = await TestHost.StartAsync(
            r => r.AddOrchestratorFunc<string, string>("echo", (ctx, i) => Task.FromResult(i)),
            [new("durable:backend", "Counting")],
            s =>
            {
                s.AddSingleton<IDurableBackend>(backend);
                s.AddSingleton<IDurableBackendDecorator>(decorator);
            });
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("echo", "through counting");
            OrchestrationMetadata done = await host.Client().CompletedAsync(id);

            Assert.Equal("through counting", done.ReadOutputAs<string>());
            Assert.Equal(1, backend.Created);
            Assert.Equal(1, decorator.Decorated);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }
}
