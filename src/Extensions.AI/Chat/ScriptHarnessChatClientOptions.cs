using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Extensions.AI.Chat;

/// <summary>How <see cref="ScriptHarnessChatClient"/> runs the model's scripts.</summary>
public sealed class ScriptHarnessChatClientOptions
{
    /// <summary>The default of <see cref="MaxRounds"/>.</summary>
    public const int DefaultMaxRounds = 16;

    /// <summary>
    /// Absolute path of the workspace the tools work in. Default: the current directory when the
    /// client is created.
    /// </summary>
    public string? Workspace { get; set; }

    /// <summary>
    /// The most model answers with scripts one request runs before it stops and returns what it
    /// has (the response then says <c>round-limit</c>, see <see cref="ScriptHarnessChatClient.StopReasonKey"/>).
    /// </summary>
    public int MaxRounds { get; set; } = DefaultMaxRounds;

    /// <summary>
    /// A policy for the runs this client starts; it can only narrow the host's
    /// (<c>orchestrations:approvals</c>). Rules that ask for every <c>ApprovalRequiredAIFunction</c> are added to it.
    /// </summary>
    public ApprovalPolicy? Policy { get; set; }

    /// <summary>
    /// Whether a script that answers a failed script's report continues the failed run (default
    /// true): the new run reuses the failed run's completed calls, in order, while the new script
    /// repeats them (same tool, equal arguments), without running them again; its report marks
    /// them <c>reused</c>, and only reused calls keep their approval. The first difference ends
    /// reuse. Applies when the conversation ends with the failed report (an answer after a new
    /// user message starts a fresh run), in embedded and remote mode (<c>POST /api/runs/{id}/continue</c>).
    /// False: every answer starts a fresh run, which repeats every side effect.
    /// </summary>
    public bool ContinueFailedRuns { get; set; } = true;

    /// <summary>Who decides approvals answered through this client, recorded in the run's audit history.</summary>
    public string? DecidedBy { get; set; }

    /// <summary>
    /// Text put before the script instructions in the system message (the agent's role). The
    /// instructions and the tools' TypeScript declaration always follow it.
    /// </summary>
    public string? Preamble { get; set; }

    /// <summary>
    /// Embedded mode: above this many tools, the prompt lists each tool's name and one-line summary
    /// only, and the model's scripts read a tool's schema with <c>tools.$describe(name)</c> or find
    /// tools with <c>tools.$search(query)</c>. 0 (the default) always declares every tool in full. In
    /// remote mode the server's <c>toolDiscovery:threshold</c> decides.
    /// </summary>
    public int ToolDiscoveryThreshold { get; set; }

    /// <summary>
    /// The longest pause between two reads of a running turn's state (the first reads follow each
    /// other within milliseconds, then back off to this). Default 200 ms.
    /// </summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The default of <see cref="ApiKeyVariable"/>.</summary>
    public const string DefaultApiKeyVariable = "SCRIPTHARNESS_API_KEY";

    /// <summary>
    /// Remote mode: the base address of a ScriptHarness server (<c>scriptharness serve</c>) that runs
    /// the turns over its HTTP API instead of the app's worker. The model gets the server's tools
    /// (<c>GET /api/tools</c>); the app's <c>AIFunction</c>s cannot run there and are refused
    /// (<see cref="ScriptHarnessChatException.FunctionNotOnServerCode"/>). Null (the default): embedded mode.
    /// </summary>
    public Uri? Server { get; set; }

    /// <summary>
    /// Remote mode: the name of the environment variable that holds the server's API key (read when
    /// the client is created, sent only as the bearer token, never logged). Default <c>SCRIPTHARNESS_API_KEY</c>.
    /// </summary>
    public string ApiKeyVariable { get; set; } = DefaultApiKeyVariable;
}
