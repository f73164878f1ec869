using ScriptHarness.Tests.Durable.Crash;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>The worker crash tests on the Azure Storage backend (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageWorkerCrashTests(AzuriteFixture azurite) : WorkerCrashTests(new AzureStorageWorkerBackend(azurite));
