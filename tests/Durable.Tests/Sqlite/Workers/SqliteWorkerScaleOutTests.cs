using ScriptHarness.Tests.Durable.ScaleOut;
using Xunit.Abstractions;

namespace ScriptHarness.Tests.Durable.Sqlite.Workers;

/// <summary>The scale-out test on one SQLite file: three worker processes, one killed mid-run.</summary>
public sealed class SqliteWorkerScaleOutTests(ITestOutputHelper output) : WorkerScaleOutTests(new SqliteWorkerBackend(), output);
