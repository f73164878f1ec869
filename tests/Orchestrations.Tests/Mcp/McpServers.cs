namespace ScriptHarness.Tests.Orchestrations.Mcp;

/// <summary>
/// The real MCP servers installed by <c>npm ci</c> (pinned in package.json): no one here wrote
/// them. Started with the node on PATH, over stdio.
/// </summary>
internal static class McpServers
{
    public static string Everything => Script("server-everything");

    public static string Filesystem => Script("server-filesystem");

    /// <summary>host.json settings for a stdio server running <paramref name="script"/> with <paramref name="args"/>.</summary>
    public static void Add(Dictionary<string, string?> settings, string name, string script, bool trust, params string[] args)
    {
        settings[$"mcp:servers:{name}:command"] = "node";
        settings[$"mcp:servers:{name}:args:0"] = script;
        for (int i = 0; i < args.Length; i++)
        {
            settings[$"mcp:servers:{name}:args:{i + 1}"] = args[i];
        }

        settings[$"mcp:servers:{name}:trust"] = trust ? "true" : "false";
    }

    private static string Script(string package)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "node_modules", "@modelcontextprotocol", package, "dist", "index.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"@modelcontextprotocol/{package} is not installed: run npm ci at the repository root.");
    }
}
