namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// Tests that run worker processes or measure storage behaviour against Azurite run one at a
/// time in this collection: on a 2-core machine they would otherwise starve each other's
/// lock renewals and polling.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azurite";
}
