using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary><c>GET /api/tools</c>: the TypeScript declaration a remote client puts in the model's prompt.</summary>
[Collection(ServerCollection.Name)]
public sealed class ToolsEndpointTests(ServerFixture fixture)
{
    [Fact]
    public async Task Gives_the_same_declaration_as_the_tools_command()
    {
        JsonNode body = await fixture.Server.GetJsonAsync("/api/tools");
        string typescript = body["typescript"]!.GetValue<string>();

        HostProcess cli = await HostProcess.RunAsync(fixture.Home.Root, null, "tools", "--typescript", "--config", fixture.Home.HostJson);

        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("declare const tools", typescript);
        Assert.Contains("exec(", typescript);
        Assert.Equal(cli.Stdout.Trim(), typescript.Trim());
    }
}
