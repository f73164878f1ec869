using ScriptHarness.Tests.Durable.Crash;

namespace ScriptHarness.Tests.Durable.Sqlite.Workers;

/// <summary>The worker crash tests (SIGKILL of a real worker process at each named point) on the SQLite backend.</summary>
public sealed class SqliteWorkerCrashTests() : WorkerCrashTests(new SqliteWorkerBackend());
