using ScriptHarness.Tests.Durable.Backends.AzureStorage;

namespace ScriptHarness.Tests.Durable.Upgrades;

/// <summary>The replay-contract upgrade tests on the Azure Storage backend (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageReplayContractUpgradeTests(AzuriteFixture azurite) : ReplayContractUpgradeTests(new AzureStorageWorkerBackend(azurite));
