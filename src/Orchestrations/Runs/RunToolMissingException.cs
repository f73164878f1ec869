namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// Fails a run started with a tool this worker does not register: its script could call it, and
/// no activity here would answer. Keep a tool registered while runs started with it may be paused.
/// </summary>
public sealed class RunToolMissingException : Exception
{
    /// <summary>Creates the exception for the tools <paramref name="missing"/>.</summary>
    public RunToolMissingException(IReadOnlyList<string> missing)
        : base($"This run was started with tools this worker does not register: {string.Join(", ", missing ?? [])}. Run a worker that registers them.")
    {
        this.Missing = missing ?? [];
    }

    /// <summary>Creates the exception with no details.</summary>
    public RunToolMissingException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RunToolMissingException(string message)
        : base(message)
    {
        this.Missing = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RunToolMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.Missing = [];
    }

    /// <summary>The names the worker lacks.</summary>
    public IReadOnlyList<string> Missing { get; }
}
