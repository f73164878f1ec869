namespace ScriptHarness.Durable.Middleware;

/// <summary>
/// Thrown inside the dispatcher when an orchestration's version does not match this worker and
/// the failure strategy is <c>Reject</c>: the work item is abandoned and offered again.
/// </summary>
public sealed class OrchestrationVersionRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationVersionRejectedException()
    {
    }

    /// <summary>Creates the exception with the mismatch description.</summary>
    public OrchestrationVersionRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the mismatch description and a cause.</summary>
    public OrchestrationVersionRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
