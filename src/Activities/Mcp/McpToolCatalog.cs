using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ScriptHarness.Activities.Mcp.Options;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Mcp;

/// <summary>
/// The MCP tools a worker offers, listed from each configured server when the worker builds its
/// tool registry (the first use of the servers: scripts, the declaration and policy need the
/// schemas and annotations before anything runs). A server that cannot be listed fails start-up
/// with its name (an <see cref="OptionsValidationException"/>, as for a bad key): a run started
/// with its tools could not be replayed on this worker otherwise.
/// </summary>
internal static class McpToolCatalog
{
    public static IReadOnlyList<ITool> List(McpServerPool pool)
    {
        // The registry is built synchronously by dependency injection; list on the thread pool so
        // no caller's synchronization context can deadlock the handshake.
        return Task.Run(() => ListAsync(pool)).GetAwaiter().GetResult();
    }

    private static async Task<IReadOnlyList<ITool>> ListAsync(McpServerPool pool)
    {
        List<ITool> tools = [];
        foreach (McpServerConnection server in pool.Connections)
        {
            IReadOnlyDictionary<string, Tool> listed;
            try
            {
                using CancellationTokenSource timeout = new(server.Options.StartTimeoutMs);
                listed = await server.ToolsAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OptionsValidationException)
            {
                // A configuration failure, reported like a bad key (the CLI exits 78 naming it).
                throw new OptionsValidationException(
                    McpOptions.SectionName,
                    typeof(McpOptions),
                    [$"mcp.servers.{server.Name}: the server could not be started or did not list its tools ({e.Message})."]);
            }

            tools.AddRange(listed.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new McpTool(server, t)));
        }

        return tools;
    }
}
