namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// The one Azurite of the test run, shared by every fixture that needs it (xunit 2 has no
/// assembly fixtures, and class fixtures cannot receive collection fixtures). Reference-counted:
/// started by the first lease, killed when the last lease is released, and killed at process
/// exit as a backstop. Task hubs keep tests apart inside it.
/// </summary>
public static class SharedAzurite
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteServer? server;
    private static int leases;

    static SharedAzurite()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server?.Stop();
    }

    /// <summary>Starts Azurite if no lease holds it and returns a lease; dispose the lease to release it.</summary>
    public static async Task<Lease> AcquireAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (server is null || server.HasExited)
            {
                server = await AzuriteServer.StartAsync().ConfigureAwait(false);
            }

            leases++;
            return new Lease(server);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async ValueTask ReleaseAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (--leases == 0 && server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                server = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A hold on the shared Azurite.</summary>
    public sealed class Lease : IAsyncDisposable
    {
        private int released;

        internal Lease(AzuriteServer server) => Server = server;

        /// <summary>The running Azurite.</summary>
        public AzuriteServer Server { get; }

        /// <summary>Releases the hold; the last one stops Azurite.</summary>
        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref released, 1) == 0 ? ReleaseAsync() : ValueTask.CompletedTask;
    }
}
