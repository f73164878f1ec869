namespace ScriptHarness.ScriptRuntime.Errors;

/// <summary>An exception that carries a typed <see cref="ScriptError"/> across host code.</summary>
public sealed class ScriptException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public ScriptException(ScriptError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        this.Error = error;
    }

    /// <summary>Creates the exception for <paramref name="error"/> with the exception that caused it.</summary>
    public ScriptException(ScriptError error, Exception? innerException)
        : base(error?.Message, innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        this.Error = error;
    }

    /// <summary>The typed error.</summary>
    public ScriptError Error { get; }
}
