namespace ScriptHarness.Tests.Host.Support;

/// <summary>One <c>serve</c> process shared by the HTTP test classes (starting one costs seconds).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TempHome Home { get; } = new();

    public Server Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        this.Home.WriteHostJson();
        this.Server = new Server(this.Home);
        await this.Server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await this.Server.DisposeAsync();
        this.Home.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "serve";
}
