using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Activities.Durable;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>
/// A host whose cancellation activity signals a side channel no tool call listens on, as when it
/// runs on another worker than the call: only the run's custom status can stop a call here.
/// Short grace and poll interval, so the tests do not wait for the defaults.
/// </summary>
public sealed class RemoteCancellationFixture : HarnessFixture
{
    /// <summary>The channel the cancellation activity signals: another worker's, in effect.</summary>
    public ToolCancellation OtherWorkersChannel { get; } = new();

    protected override void Configure(HostApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["orchestrations:cancellationGrace"] = "00:00:00.100",
            ["orchestrations:cancellationPollInterval"] = "00:00:00.200",
        });

        // The SDK resolves a type-registered activity from the services first.
        builder.Services.AddSingleton(new CancelToolCallsActivity(this.OtherWorkersChannel));
    }
}

[CollectionDefinition(Name)]
public sealed class RemoteCancellationCollection : ICollectionFixture<RemoteCancellationFixture>
{
    public const string Name = "remote-cancellation";
}
