using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Durable.Middleware;
using ScriptHarness.Durable.Options;
using MatchStrategy = Microsoft.DurableTask.Worker.DurableTaskWorkerOptions.VersionMatchStrategy;

namespace ScriptHarness.Tests.Durable.Hosting;

public sealed class VersioningTests
{
    private static string? Check(MatchStrategy strategy, string workerVersion, string orchestrationVersion) =>
        new VersioningMiddleware(new DurableVersioningOptions { Version = workerVersion, MatchStrategy = strategy }).Check(orchestrationVersion);

    [Theory]
    [InlineData("2.0", true)]
    [InlineData("2.0.0", false)]
    [InlineData("1.0", false)]
    [InlineData("", false)]
    public void Strict_matches_only_the_worker_version(string orchestrationVersion, bool matches) =>
        Assert.Equal(matches, Check(MatchStrategy.Strict, "2.0", orchestrationVersion) is null);

    [Theory]
    [InlineData("2.0", true)]
    [InlineData("1.9", true)]
    [InlineData("", true)]
    [InlineData("2.1", false)]
    [InlineData("10.0", false)]
    public void Current_or_older_runs_versions_up_to_the_worker_version_compared_numerically(string orchestrationVersion, bool matches) =>
        Assert.Equal(matches, Check(MatchStrategy.CurrentOrOlder, "2.0", orchestrationVersion) is null);

    [Theory]
    [InlineData("9", true)]
    [InlineData("10", true)]
    [InlineData("11", false)]
    [InlineData("100", false)]
    public void Whole_number_versions_compare_as_numbers_not_as_text(string orchestrationVersion, bool matches) =>
        Assert.Equal(matches, Check(MatchStrategy.CurrentOrOlder, "10", orchestrationVersion) is null);

    [Fact]
    public void No_strategy_runs_every_version() => Assert.Null(Check(MatchStrategy.None, "1.0", "9.9"));

    [Fact]
    public void Mismatch_message_names_both_versions()
    {
        string? why = Check(MatchStrategy.CurrentOrOlder, "2.0", "3.1");

        Assert.Contains("'3.1'", why, StringComparison.Ordinal);
        Assert.Contains("'2.0'", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reject_leaves_a_mismatched_instance_unrun_while_a_matching_one_completes(bool extendedSessions)
    {
        int runs = 0;
        IHost host = await TestHost.StartAsync(
            r => r.AddOrchestratorFunc<string, string>("versioned", (ctx, input) =>
            {
                Interlocked.Increment(ref runs);
                return Task.FromResult($"{input}@{ctx.Version}");
            }),
            [
                new("durable:versioning:version", "1.0"),
                new("durable:versioning:matchStrategy", nameof(DurableTaskWorkerOptions.VersionMatchStrategy.Strict)),
                new("durable:versioning:failureStrategy", nameof(DurableTaskWorkerOptions.VersionFailureStrategy.Reject)),
                new("durable:inMemory:abandonDelay", "00:00:00.050"),
                new("durable:inMemory:extendedSessionsEnabled", extendedSessions ? "true" : "false"),
            ]);
        try
        {
            DurableTaskClient client = host.Client();
            string rejected = await client.ScheduleNewOrchestrationInstanceAsync("versioned", "new", new StartOrchestrationOptions { Version = "2.0" });
            string accepted = await client.ScheduleNewOrchestrationInstanceAsync("versioned", "old", new StartOrchestrationOptions { Version = "1.0" });

            OrchestrationMetadata done = await client.CompletedAsync(accepted);

            Assert.Equal("old@1.0", done.ReadOutputAs<string>());
            OrchestrationMetadata waiting = (await client.GetInstanceAsync(rejected))!;
            Assert.Equal(OrchestrationRuntimeStatus.Pending, waiting.RuntimeStatus);
            Assert.Equal(1, runs);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Default_version_is_given_to_orchestrations_scheduled_without_one()
    {
        IHost host = await TestHost.StartAsync(
            r => r.AddOrchestratorFunc<string, string>("reports-version", (ctx, _) => Task.FromResult(ctx.Version)),
            [new("durable:versioning:defaultVersion", "1.5")]);
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("reports-version");

            Assert.Equal("1.5", (await host.Client().CompletedAsync(id)).ReadOutputAs<string>());
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }
}
