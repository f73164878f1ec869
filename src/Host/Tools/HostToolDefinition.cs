using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Host.Tools;

/// <summary>
/// One entry of host.json <c>tools</c>: a tool a script calls as <c>tools.&lt;name&gt;(args)</c>
/// without any C#. <c>host-resolved</c>: the run waits and the client posts the result
/// (<c>POST /api/runs/{id}/calls/{callId}/result</c>, <c>respond</c>). <c>command</c>: a program
/// run in exec's sandbox, the arguments as JSON on its standard input, its result as JSON on its
/// standard output.
/// </summary>
internal sealed record HostToolDefinition
{
    /// <summary>The tool's name, a JavaScript identifier (<c>tools.lookupTicket</c>).</summary>
    public string? Name { get; init; }

    /// <summary>What the tool does, for the model (the TypeScript declaration's comment).</summary>
    public string? Description { get; init; }

    /// <summary><c>host-resolved</c> or <c>command</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>The JSON Schema of the arguments (an object schema); a call that does not match is refused before it runs.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>The JSON Schema of the result, for the declaration (optional).</summary>
    public JsonElement? Result { get; init; }

    /// <summary>What it does to the world: any of read, write, execute, network. None: the default policy asks before every call.</summary>
    public IReadOnlyList<string>? Effect { get; init; }

    /// <summary>For <c>command</c>: the program and its arguments (a relative program path is from host.json's folder).</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>For <c>command</c>: how long one call may run, in milliseconds (default <c>activities:exec:defaultTimeoutMs</c>).</summary>
    public int? TimeoutMs { get; init; }

    /// <summary>
    /// For <c>command</c>: how a call that fails with a transient error is tried again (attempts,
    /// firstDelayMs, backoffCoefficient, maxDelayMs, transient, attemptTimeoutMs); absent: once.
    /// </summary>
    public ScriptHarness.ScriptRuntime.Tools.ToolRetryPolicy? Retry { get; init; }

    /// <summary>Anything else written in the entry (refused by name).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
