using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Limits;

/// <summary>
/// Thrown by the execution budget from inside the interpreter. It is not a JavaScript exception,
/// so a script's <c>try</c>/<c>catch</c> cannot swallow it: it unwinds to the step machine.
/// </summary>
internal sealed class LimitExceededException : Exception
{
    public LimitExceededException(ScriptLimit limit, string message)
        : base(message)
    {
        this.Limit = limit;
    }

    public LimitExceededException()
    {
    }

    public LimitExceededException(string message)
        : base(message)
    {
    }

    public LimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptLimit Limit { get; }
}
