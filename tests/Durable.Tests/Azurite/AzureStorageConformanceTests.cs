using ScriptHarness.Tests.Durable.Conformance;

namespace ScriptHarness.Tests.Durable.Azurite;

/// <summary>The conformance suite, unchanged, on the Azure Storage backend (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageConformanceTests(AzureStorageBackendFixture fixture) : DurableConformanceTests<AzureStorageBackendFixture>(fixture);
