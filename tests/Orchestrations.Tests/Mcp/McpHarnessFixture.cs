using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Mcp;

/// <summary>
/// The end-to-end host with two real MCP servers: <c>everything</c> (trusted: its annotations
/// count) and <c>fs</c>, the filesystem server confined to a temporary folder (trusted), plus
/// <c>untrusted</c>, server-everything again with its hints ignored.
/// </summary>
public sealed class McpHarnessFixture : HarnessFixture
{
    public string Files { get; } = Directory.CreateTempSubdirectory("mcp-fs-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(this.Files, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected override void AdjustSettings(Dictionary<string, string?> settings)
    {
        McpServers.Add(settings, "everything", McpServers.Everything, trust: true, "stdio");
        McpServers.Add(settings, "fs", McpServers.Filesystem, trust: true, this.Files);
        McpServers.Add(settings, "untrusted", McpServers.Everything, trust: false, "stdio");
        settings["mcp:servers:everything:timeoutMs"] = "20000";
        settings["orchestrations:approvals:rules:5:tool"] = "mcp.everything.get-env";
        settings["orchestrations:approvals:rules:5:action"] = "deny";
        settings["orchestrations:approvals:rules:5:reason"] = "no environment dumps";
    }
}

[CollectionDefinition(Name)]
public sealed class McpHarnessCollection : ICollectionFixture<McpHarnessFixture>
{
    public const string Name = "harness-mcp";
}
