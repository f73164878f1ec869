using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Tests.Durable.Hosting;

namespace ScriptHarness.Tests.Durable.Backends.InMemory;

public sealed class InMemoryBackendTests
{
    private sealed class Gate
    {
        public int InFlight;
        public int MaxInFlight;
        public readonly TaskCompletionSource ReachedLimit = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Fact]
    public async Task Activity_concurrency_is_the_configured_limit_not_the_processor_count()
    {
        // 3 differs from the 2 cores of CI, so a limit taken from the processor count fails here.
        const int limit = 3;
        Gate gate = new();
        IHost host = await TestHost.StartAsync(
            r =>
            {
                r.AddActivityFunc<int, int>("gated", async (_, i) =>
                {
                    int now = Interlocked.Increment(ref gate.InFlight);
                    InterlockedMax(ref gate.MaxInFlight, now);
                    if (now == limit)
                    {
                        gate.ReachedLimit.TrySetResult();
                    }

                    await gate.Release.Task;
                    Interlocked.Decrement(ref gate.InFlight);
                    return i;
                });
                r.AddOrchestratorFunc<int, int>("fan", async (ctx, n) =>
                    (await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("gated", i)))).Sum());
            },
            [new("durable:inMemory:maxConcurrentActivities", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("fan", 12);
            await gate.ReachedLimit.Task.WaitAsync(TestHost.Patience);

            // The other nine are queued; an unenforced limit lets them in while the gate holds.
            OrchestrationMetadata? meanwhile = await host.Client().GetInstanceAsync(id);
            int maxWhileHeld = Volatile.Read(ref gate.MaxInFlight);
            gate.Release.TrySetResult();
            OrchestrationMetadata done = await host.Client().CompletedAsync(id);

            Assert.Equal(OrchestrationRuntimeStatus.Running, meanwhile?.RuntimeStatus);
            Assert.Equal(limit, maxWhileHeld);
            Assert.Equal(limit, gate.MaxInFlight);
            Assert.Equal(Enumerable.Range(0, 12).Sum(), done.ReadOutputAs<int>());
        }
        finally
        {
            gate.Release.TrySetResult();
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Wait_for_start_returns_once_the_instance_runs()
    {
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        IHost host = await TestHost.StartAsync(r =>
        {
            r.AddActivityFunc<string, string>("held", async (_, s) =>
            {
                await release.Task;
                return s;
            });
            r.AddOrchestratorFunc<string, string>("holds", (ctx, s) => ctx.CallActivityAsync<string>("held", s));
        });
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("holds", "x");
            using CancellationTokenSource timeout = new(TestHost.Patience);

            OrchestrationMetadata started = await host.Client().WaitForInstanceStartAsync(id, getInputsAndOutputs: true, timeout.Token);

            Assert.Equal(OrchestrationRuntimeStatus.Running, started.RuntimeStatus);
            Assert.Equal("\"x\"", started.SerializedInput);
            release.TrySetResult();
            Assert.Equal("x", (await host.Client().CompletedAsync(id)).ReadOutputAs<string>());
        }
        finally
        {
            release.TrySetResult();
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Sub_orchestration_with_an_existing_id_fails_in_the_parent_and_never_runs_twice()
    {
        int childRuns = 0;
        IHost host = await TestHost.StartAsync(r =>
        {
            r.AddOrchestratorFunc<string, string>("child-once", (ctx, input) =>
            {
                if (!ctx.IsReplaying)
                {
                    Interlocked.Increment(ref childRuns);
                }

                return Task.FromResult(input);
            });
            r.AddOrchestratorFunc<string, string>("parent-twice", async (ctx, childId) =>
            {
                SubOrchestrationOptions sameId = new() { InstanceId = childId };
                string first = await ctx.CallSubOrchestratorAsync<string>("child-once", "first", sameId);
                try
                {
                    return $"{first}|{await ctx.CallSubOrchestratorAsync<string>("child-once", "second", sameId)}";
                }
                catch (TaskFailedException e)
                {
                    return $"{first}|refused:{e.FailureDetails.ErrorType}";
                }
            });
        });
        try
        {
            string childId = $"child-{Guid.NewGuid():N}";
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("parent-twice", childId);

            OrchestrationMetadata done = await host.Client().CompletedAsync(id);

            Assert.Equal("first|refused:OrchestrationAlreadyExists", done.ReadOutputAs<string>());
            Assert.Equal(1, childRuns);
            Assert.Equal("first", (await host.Client().GetInstanceAsync(childId, getInputsAndOutputs: true))!.ReadOutputAs<string>());
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Theory]
    [InlineData(false, 6)]
    [InlineData(true, 1)]
    public async Task Extended_sessions_keep_the_orchestrator_in_memory_instead_of_replaying(bool extendedSessions, int expectedEntries)
    {
        int entries = 0;
        IHost host = await TestHost.StartAsync(
            r =>
            {
                r.AddActivityFunc<int, int>("inc", (_, i) => i + 1);
                r.AddOrchestratorFunc<int, int>("five-steps", async (ctx, n) =>
                {
                    Interlocked.Increment(ref entries);
                    for (int i = 0; i < 5; i++)
                    {
                        n = await ctx.CallActivityAsync<int>("inc", n);
                    }

                    return n;
                });
            },
            [
                new("durable:inMemory:extendedSessionsEnabled", extendedSessions ? "true" : "false"),
                new("durable:inMemory:extendedSessionIdleTimeout", "00:00:30"),
            ]);
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("five-steps", 0);

            OrchestrationMetadata done = await host.Client().CompletedAsync(id);

            Assert.Equal(5, done.ReadOutputAs<int>());
            // Without sessions every episode (start + 5 results) runs the orchestrator from the top.
            Assert.Equal(expectedEntries, entries);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen)
        {
            int previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
