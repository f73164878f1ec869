namespace ScriptHarness.Durable.Options;

/// <summary>
/// The durable configuration cannot be used as given, found only when the backend is built (for
/// example the environment variable that should hold the connection string is not set). A host
/// reports it as a configuration error, not as a refused request.
/// </summary>
public sealed class DurableConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that names the key.</summary>
    public DurableConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public DurableConfigurationException()
        : base("The durable configuration is invalid.")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public DurableConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
