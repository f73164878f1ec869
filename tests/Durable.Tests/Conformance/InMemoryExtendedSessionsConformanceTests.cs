namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>The conformance suite on the in-memory backend with extended sessions: orchestrations stay in memory between episodes.</summary>
public sealed class InMemoryExtendedSessionsConformanceTests(InMemoryExtendedSessionsFixture fixture)
    : DurableConformanceTests<InMemoryExtendedSessionsFixture>(fixture);
