using System.Text.Json;
using Microsoft.DurableTask.Converters;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Registry;

public sealed class WireFormatTests : IDisposable
{
    private readonly TempWorkspace ws = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task Invocation_and_result_round_trip_through_the_sdk_data_converter()
    {
        ToolInvocation sent = this.ws.Invocation(new { command = new[] { "echo", "ok" }, env = new { A = "1" } }, key: "inst:4");

        string wire = JsonDataConverter.Default.Serialize(sent)!;
        ToolInvocation received = JsonDataConverter.Default.Deserialize<ToolInvocation>(wire)!;
        JsonElement result = await new ExecTool().InvokeAsync(received, default);
        JsonElement back = JsonDataConverter.Default.Deserialize<JsonElement>(JsonDataConverter.Default.Serialize(result));

        Assert.Equal(("inst:4", 1, this.ws.Root), (received.IdempotencyKey, received.CallId, received.Workspace));
        Assert.Equal(sent.Args.GetRawText(), received.Args.GetRawText());
        Assert.Equal("ok\n", back.Str("stdout"));
    }

    [Fact]
    public async Task Output_cut_inside_multibyte_characters_is_cut_at_character_boundaries()
    {
        var small = new ExecTool(new ExecOptions { MaxOutputBytes = 4097 });

        JsonElement result = await this.ws.Invoke(small, new { command = "i=0; while [ $i -lt 3000 ]; do printf '€'; i=$((i+1)); done" });

        string stdout = result.Str("stdout");
        Assert.True(result.Bool("truncated"));
        Assert.DoesNotContain('\uFFFD', stdout);
        Assert.StartsWith("€€€", stdout, StringComparison.Ordinal);
        Assert.EndsWith("€€€", stdout, StringComparison.Ordinal);
    }
}
