namespace ScriptHarness.Durable.History;

/// <summary>
/// A structured failure. When a provider stored only a message, <see cref="ErrorType"/> is
/// <c>unknown</c> and the message and details are kept as they were stored.
/// </summary>
public sealed record DurableFailure
{
    /// <summary>The error type (usually the .NET exception type name).</summary>
    public required string ErrorType { get; init; }

    /// <summary>The error message.</summary>
    public required string ErrorMessage { get; init; }

    /// <summary>Stack trace or stored details, when known.</summary>
    public string? StackTrace { get; init; }

    /// <summary>True when retrying cannot help.</summary>
    public bool IsNonRetriable { get; init; }

    /// <summary>The failure that caused this one.</summary>
    public DurableFailure? InnerFailure { get; init; }
}
