using System.Diagnostics;
using System.Net.Sockets;
using Azure.Storage.Queues;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteServerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Shared_Azurite_answers_queue_calls_on_its_reported_ports()
    {
        var queue = new QueueClient(azurite.ConnectionString, "smoke-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.CreateAsync();
        await queue.SendMessageAsync("hello");

        var received = await queue.ReceiveMessageAsync();

        Assert.Equal("hello", received.Value.Body.ToString());
    }

    [Fact]
    public async Task Disposing_a_server_kills_its_process_and_frees_its_ports()
    {
        AzuriteServer server = await AzuriteServer.StartAsync();
        int pid = server.ProcessId;
        int port = server.Endpoints.BlobPort;

        await server.DisposeAsync();

        Assert.False(IsRunning(pid));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task A_missing_Azurite_fails_with_a_message_that_says_how_to_install_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-azurite-" + Guid.NewGuid().ToString("N"), "azurite.js");

        var error = await Assert.ThrowsAsync<AzuriteUnavailableException>(() => AzuriteServer.StartAsync(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azurite_exits_when_the_process_that_started_it_goes_away()
    {
        // The launcher exits when its stdin closes, which is what happens when the test process
        // dies; closing our end of the pipe simulates that without killing the test host.
        AzuriteServer server = await AzuriteServer.StartAsync();
        try
        {
            using Process process = Process.GetProcessById(server.ProcessId);
            server.CloseStandardInputForTest();

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(wait.Token);
            Assert.True(process.HasExited);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using Process p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
