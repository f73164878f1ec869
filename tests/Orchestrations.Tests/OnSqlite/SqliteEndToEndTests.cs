using ScriptHarness.Tests.Orchestrations.Client;
using ScriptHarness.Tests.Orchestrations.Fixtures;
using ScriptHarness.Tests.Orchestrations.Runs;
using ScriptHarness.Tests.Orchestrations.Turns;

// The end-to-end suites once more on the durable default: every test of each base class runs
// against the SQLite store as well as the in-memory backend.
namespace ScriptHarness.Tests.Orchestrations.OnSqlite;

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteApprovalTests(SqliteHarnessFixture fixture) : ApprovalTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteApprovalPolicyInRunTests(SqliteHarnessFixture fixture) : ApprovalPolicyInRunTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteLateDecisionTests(SqliteHarnessFixture fixture) : LateDecisionTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteCodingToolsPolicyTests(SqliteHarnessFixture fixture) : CodingToolsPolicyTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteInFlightLimitTests(SqliteHarnessFixture fixture) : InFlightLimitTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteModeAndCancellationTests(SqliteHarnessFixture fixture) : ModeAndCancellationTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteProgressTests(SqliteHarnessFixture fixture) : ProgressTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteReplayDeterminismTests(SqliteHarnessFixture fixture) : ReplayDeterminismTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteRunStatusTests(SqliteHarnessFixture fixture) : RunStatusTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteScriptRunTests(SqliteHarnessFixture fixture) : ScriptRunTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteScriptTurnTests(SqliteHarnessFixture fixture) : ScriptTurnTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteRunListTests(SqliteHarnessFixture fixture) : RunListTests(fixture);

[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteRollbackTests(SqliteHarnessFixture fixture) : RollbackTests(fixture);
