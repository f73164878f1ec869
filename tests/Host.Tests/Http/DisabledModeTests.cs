using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary>I7: with <c>orchestrations:mode</c> disabled (set through an environment override), tags stay text.</summary>
public sealed class DisabledModeTests : IAsyncLifetime
{
    private readonly TempHome home = new();
    private Server server = null!;

    public async Task InitializeAsync()
    {
        this.home.WriteHostJson();
        this.server = new Server(this.home, new Dictionary<string, string?> { ["SCRIPTHARNESS__orchestrations__mode"] = "disabled" });
        await this.server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await this.server.DisposeAsync();
        this.home.Dispose();
    }

    [Fact]
    public async Task I7_A_disabled_host_answers_script_false_and_starts_no_run()
    {
        string conversation = "disabled-" + Guid.NewGuid().ToString("N");
        (HttpResponseMessage response, JsonNode? body) = await this.server.PostAsync("/api/turns", new
        {
            conversationId = conversation,
            turnId = "t1",
            output = Scripts.Block("""await tools.applyPatch({ patch: "*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch" }); return 1;"""),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body!["script"]!.GetValue<bool>());
        Assert.Equal("feature-disabled", body["reason"]!.GetValue<string>());

        JsonNode page = await this.server.GetJsonAsync("/api/runs");
        Assert.Empty(page["items"]!.AsArray());
        Assert.False(File.Exists(Path.Combine(this.home.Workspace, "x.txt")));
    }
}
