namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// The xunit fixture for tests that need Azure Storage: holds the shared Azurite for the
/// lifetime of the fixture and hands out unique task hub names. If Azurite cannot start, every
/// test using the fixture fails with <see cref="AzuriteUnavailableException"/>'s message.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private SharedAzurite.Lease? lease;
    private int hubs;

    /// <summary>The running Azurite's endpoints.</summary>
    public AzuriteEndpoints Endpoints => (lease ?? throw new InvalidOperationException("The Azurite fixture is not initialized.")).Server.Endpoints;

    /// <summary>The storage connection string of the running Azurite.</summary>
    public string ConnectionString => Endpoints.ConnectionString;

    /// <summary>The running Azurite.</summary>
    public AzuriteServer Server => (lease ?? throw new InvalidOperationException("The Azurite fixture is not initialized.")).Server;

    /// <summary>
    /// A task hub name no other test of this run uses: letters and digits, starting with a
    /// letter, short enough for Azure Storage's queue, table and container name rules.
    /// </summary>
    public string NewTaskHubName(string prefix)
    {
        int n = Interlocked.Increment(ref hubs);
        string clean = "t" + new string(prefix.Where(char.IsAsciiLetterOrDigit).Take(12).ToArray());
        return $"{clean}{n}x{Guid.NewGuid():N}"[..(clean.Length + 14)];
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => lease = await SharedAzurite.AcquireAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (lease is not null)
        {
            await lease.DisposeAsync();
        }
    }
}
