using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

/// <summary>
/// <c>orchestrations:maxToolCallsWithoutCaching</c>: without live-run caching every episode
/// replays the script, so a long script is capped when its run starts; the model meets the cap as
/// the ordinary <c>toolCalls</c> limit. With caching on the run keeps its own limit.
/// </summary>
public class LongScriptCapTests
{
    private const string Script = """
        const seen = context.limits.maxToolCalls;
        let made = 0;
        try {
          for (let i = 0; i < 4; i++) { await tools.add({ a: i, b: 1 }); made++; }
        } catch (e) {
          return { seen, made, code: e.code, limit: e.limit, message: e.message };
        }
        return { seen, made };
        """;

    [Fact]
    public async Task Without_caching_a_run_over_the_cap_is_lowered_to_it_and_the_next_call_is_refused_as_the_toolCalls_limit()
    {
        JsonElement result = await RunAsync(sessions: false);

        Assert.Equal(2, result.GetProperty("seen").GetInt32());
        Assert.Equal(2, result.GetProperty("made").GetInt32());
        Assert.Equal("limit-exceeded", result.GetProperty("code").GetString());
        Assert.Equal("toolCalls", result.GetProperty("limit").GetString());
        Assert.Contains("2 tool calls", result.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_caching_on_the_run_keeps_its_own_limit()
    {
        JsonElement result = await RunAsync(sessions: true);

        Assert.Equal(10, result.GetProperty("seen").GetInt32());
        Assert.Equal(4, result.GetProperty("made").GetInt32());
        Assert.False(result.TryGetProperty("code", out _));
    }

    [Theory]
    [InlineData("inMemory", null, false)]
    [InlineData("inMemory", "true", true)]
    [InlineData("sqlite", null, true)]
    [InlineData("sqlite", "false", false)]
    [InlineData("azureStorage", null, false)]
    [InlineData("SQLite", null, true)]
    public void Caching_is_read_from_the_backend_the_durable_section_names(string backend, string? sessions, bool expected)
    {
        Dictionary<string, string?> settings = new() { ["durable:backend"] = backend };
        if (sessions is not null)
        {
            settings[$"durable:{backend}:extendedSessionsEnabled"] = sessions;
        }

        Assert.Equal(expected, LiveRunCalls.CachingOf(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
    }

    [Fact]
    public void A_backend_this_project_does_not_ship_counts_as_off_limits_under_the_cap_are_kept_and_caching_on_keeps_any_limit()
    {
        IConfiguration custom = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["durable:backend"] = "mine" }).Build();
        Assert.Null(LiveRunCalls.CachingOf(custom));

        OrchestrationsOptions off = new() { MaxToolCallsWithoutCaching = 50, LiveRunCaching = null };
        Assert.Equal(50, LiveRunCalls.Cap(new ScriptLimits { MaxToolCalls = 5_000 }, off).MaxToolCalls);
        Assert.Equal(20, LiveRunCalls.Cap(new ScriptLimits { MaxToolCalls = 20 }, off).MaxToolCalls);
        OrchestrationsOptions on = new() { MaxToolCallsWithoutCaching = 50, LiveRunCaching = true };
        Assert.Equal(5_000, LiveRunCalls.Cap(new ScriptLimits { MaxToolCalls = 5_000 }, on).MaxToolCalls);
    }

    [Fact]
    public void The_cap_is_validated()
    {
        Assert.False(new OrchestrationsOptionsValidator().Validate(null, new OrchestrationsOptions { MaxToolCallsWithoutCaching = 0 }).Succeeded);
        Assert.False(new OrchestrationsOptionsValidator().Validate(null, new OrchestrationsOptions { MaxToolCallsWithoutCaching = 100_001 }).Succeeded);
        Assert.True(new OrchestrationsOptionsValidator().Validate(null, new OrchestrationsOptions()).Succeeded);
    }

    private static async Task<JsonElement> RunAsync(bool sessions)
    {
        CappedFixture fixture = new(sessions);
        await fixture.InitializeAsync();
        try
        {
            TurnStart started = await fixture.Runs.StartTurnAsync(new TurnRequest($"conv-{Guid.NewGuid():N}", "turn-1", [Script], fixture.Workspace));
            using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(90));
            while (await fixture.Runs.GetRunAsync(started.RunInstanceIds[0], timeout.Token) is null)
            {
                await Task.Delay(25, timeout.Token);
            }

            RunView view = await fixture.Runs.WaitForRunAsync(started.RunInstanceIds[0], timeout.Token);
            Assert.Equal(ScriptRunStatus.Completed, view.Output!.Report.Status);
            return view.Output.Report.Result!.Value;
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private sealed class CappedFixture(bool sessions) : HarnessFixture
    {
        protected override void AdjustSettings(Dictionary<string, string?> settings)
        {
            settings["durable:inMemory:extendedSessionsEnabled"] = sessions ? "true" : "false";
            settings["orchestrations:maxToolCallsWithoutCaching"] = "2";
            settings["scriptRuntime:limits:maxToolCalls"] = "10";
        }
    }
}
