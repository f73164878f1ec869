using System.Net;
using ScriptHarness.Host.Http;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// DNS-rebinding protection for <c>/mcp</c>, as the MCP transport specification asks of servers:
/// a request whose <c>Host</c> or <c>Origin</c> names a host this server does not listen as is
/// refused with 403 before any MCP message is read. A page on another site cannot then drive a
/// local server through a browser that holds no key. Listening on a wildcard address
/// (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>, <c>[::]</c>) accepts any host name; the API key still applies.
/// </summary>
internal sealed class McpOriginGuard(RequestDelegate next, IReadOnlyCollection<string> urls)
{
    private readonly HashSet<string>? allowed = AllowedHosts(urls);

    public async Task InvokeAsync(HttpContext context)
    {
        if (this.allowed is not null)
        {
            string host = context.Request.Host.Host;
            string? origin = context.Request.Headers.Origin.FirstOrDefault();
            bool originOk = origin is null || (Uri.TryCreate(origin, UriKind.Absolute, out Uri? o) && this.allowed.Contains(o.Host));
            if (!this.allowed.Contains(host) || !originOk)
            {
                await Problems.Create(StatusCodes.Status403Forbidden, "forbidden-origin", "The Host or Origin header names a host this server does not serve (DNS-rebinding protection).").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>The host names requests may name, or null when a wildcard address accepts any.</summary>
    public static HashSet<string>? AllowedHosts(IEnumerable<string> urls)
    {
        HashSet<string> hosts = new(StringComparer.OrdinalIgnoreCase);
        foreach (string url in urls)
        {
            string authority = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
            string host = authority.Split('/')[0];
            host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
            if (host is "*" or "+" or "0.0.0.0" or "[::]" or "")
            {
                return null;
            }

            hosts.Add(host);
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip)))
            {
                // Loopback is one machine whichever name a local client uses.
                hosts.UnionWith(["localhost", "127.0.0.1", "[::1]"]);
            }
        }

        return hosts;
    }
}
