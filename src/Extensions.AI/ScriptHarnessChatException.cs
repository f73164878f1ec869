namespace ScriptHarness.Extensions.AI;

/// <summary>A request the script-harness chat client cannot carry out, with a stable <see cref="Code"/>.</summary>
public sealed class ScriptHarnessChatException : Exception
{
    /// <summary>An <c>AIFunction</c> in <c>ChatOptions.Tools</c> was not added to the harness with <c>AddAIFunctions</c>.</summary>
    public const string ToolNotRegisteredCode = "tool-not-registered";

    /// <summary>An approval answer names a run (or a turn) the harness's store does not hold.</summary>
    public const string RunNotFoundCode = "run-not-found";

    /// <summary>A turn's orchestration failed in the harness before every block had a report.</summary>
    public const string TurnFailedCode = "turn-failed";

    /// <summary>
    /// Remote mode (<c>ScriptHarnessChatClientOptions.Server</c>): an <c>AIFunction</c> in <c>ChatOptions.Tools</c>
    /// cannot run on the server, which only runs its own tools.
    /// </summary>
    public const string FunctionNotOnServerCode = "function-not-on-server";

    /// <summary>Remote mode: the server refused a request or answered something the client cannot read (the message has the status and problem).</summary>
    public const string ServerErrorCode = "server-error";

    /// <summary>Creates the exception.</summary>
    public ScriptHarnessChatException()
        : this("internal", "The script harness could not carry out the request.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ScriptHarnessChatException(string message)
        : this("internal", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ScriptHarnessChatException(string message, Exception innerException)
        : this("internal", message, innerException)
    {
    }

    /// <summary>Creates the exception with its stable code.</summary>
    public ScriptHarnessChatException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        this.Code = code;
    }

    /// <summary>The stable code: <see cref="ToolNotRegisteredCode"/>, <see cref="RunNotFoundCode"/>, <see cref="TurnFailedCode"/>, <see cref="FunctionNotOnServerCode"/>, <see cref="ServerErrorCode"/>.</summary>
    public string Code { get; }
}
