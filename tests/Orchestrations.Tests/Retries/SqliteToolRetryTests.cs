using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Retries;

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteToolRetryTests(SqliteHarnessFixture fixture) : ToolRetryTests(fixture);
