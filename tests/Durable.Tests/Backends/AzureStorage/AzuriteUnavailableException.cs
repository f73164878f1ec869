namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// Azurite could not be started. Tests that need it fail with this message instead of being
/// skipped: a missing emulator is a broken test setup, not a reason to pass.
/// </summary>
public sealed class AzuriteUnavailableException : Exception
{
    /// <summary>Creates the exception with a message that says how to fix the setup.</summary>
    public AzuriteUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
