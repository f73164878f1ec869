using ScriptHarness.Tests.Durable.ScaleOut;
using Xunit.Abstractions;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>The scale-out test on one Azure Storage task hub with three partitions (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageWorkerScaleOutTests(AzuriteFixture azurite, ITestOutputHelper output) : WorkerScaleOutTests(new AzureStorageWorkerBackend(azurite), output);
