namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>The conformance suite on the in-memory backend.</summary>
public sealed class InMemoryConformanceTests(InMemoryBackendFixture fixture) : DurableConformanceTests<InMemoryBackendFixture>(fixture);
