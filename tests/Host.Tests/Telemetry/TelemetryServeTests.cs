using System.Text.RegularExpressions;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Telemetry;

/// <summary><c>serve</c> honours host.json <c>telemetry</c>: the HTTP request that starts a turn and the run's spans form one trace.</summary>
public sealed partial class TelemetryServeTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task The_POST_that_starts_a_turn_and_the_run_call_and_tool_spans_share_one_trace()
    {
        this.home.WriteHostJson();
        await using Server server = new(this.home, new Dictionary<string, string?> { ["SCRIPTHARNESS__telemetry__console"] = "true" });
        await server.StartAsync();
        (_, string[] runs) = await server.StartTurnAsync(Scripts.Block("const r = await tools.listDir({ path: '.' }); return 1;"));
        await server.WaitForReportAsync(runs[0]);

        // The console exporter prints one block per span, opening with its trace id.
        Dictionary<string, string> traces = [];
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            traces = Spans(server.Process.Stdout);
            if (traces.ContainsKey("POST /api/turns") && traces.ContainsKey("scriptharness.run") && traces.ContainsKey("scriptharness.tool"))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(traces.ContainsKey("POST /api/turns"), string.Join(", ", traces.Keys));
        Assert.Equal(traces["POST /api/turns"], traces["scriptharness.run"]);
        Assert.Equal(traces["POST /api/turns"], traces["scriptharness.call"]);
        Assert.Equal(traces["POST /api/turns"], traces["scriptharness.tool"]);
    }

    private static Dictionary<string, string> Spans(string stdout)
    {
        Dictionary<string, string> traces = [];
        foreach (Match match in SpanBlock().Matches(stdout))
        {
            // ASP.NET Core names the request span for its route template (here "POST /api/turns/").
            traces.TryAdd(match.Groups["name"].Value.Trim().TrimEnd('/'), match.Groups["trace"].Value);
        }

        return traces;
    }

    [GeneratedRegex(@"Activity\.TraceId:\s+(?<trace>[0-9a-f]{32})(?:(?!Activity\.TraceId:)[\s\S])*?Activity\.DisplayName:\s+(?<name>[^\r\n]+)")]
    private static partial Regex SpanBlock();
}
