namespace ScriptHarness.Host.Configuration;

/// <summary>
/// The Host's own host.json section <c>host</c>: where the HTTP API listens, how it is protected,
/// and which workspaces runs may use.
/// </summary>
internal sealed class HarnessHostOptions
{
    /// <summary>The host.json section name.</summary>
    public const string SectionName = "host";

    /// <summary>The HTTP API's settings.</summary>
    public HttpOptions Http { get; set; } = new();

    /// <summary>
    /// The workspace of runs that name none (CLI <c>run</c> without <c>--workspace</c>, turns without
    /// <c>workspace</c>); relative paths are resolved against the current directory. Default <c>.</c>.
    /// </summary>
    public string DefaultWorkspace { get; set; } = ".";

    /// <summary>
    /// Directories under which a turn posted over HTTP may place its workspace. Empty means only
    /// <see cref="DefaultWorkspace"/> and the directories under it.
    /// </summary>
    public IList<string> WorkspaceRoots { get; } = [];
}

/// <summary>The HTTP API's settings (host.json <c>host:http</c>).</summary>
internal sealed class HttpOptions
{
    /// <summary>The URLs <c>serve</c> listens on, separated by <c>;</c>. Default loopback port 5080.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The environment variable that holds the API key. The key itself is never in the file;
    /// <c>serve</c> refuses to start when the variable is unset or blank.
    /// </summary>
    public string ApiKeyVariable { get; set; } = "SCRIPTHARNESS_API_KEY";

    /// <summary>Largest request body accepted, in bytes (larger bodies get 413). Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest page of <c>GET /api/runs</c>. Default 100.</summary>
    public int MaxPageSize { get; set; } = 100;
}
