using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Continuation;

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteContinueRunTests(SqliteHarnessFixture fixture) : ContinueRunTests(fixture);
