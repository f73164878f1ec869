namespace ScriptHarness.Host.Configuration;

/// <summary>The configuration is unusable; the message names the offending key or file.</summary>
internal sealed class HostConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HostConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public HostConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public HostConfigurationException()
        : base("The configuration is not valid.")
    {
    }
}
