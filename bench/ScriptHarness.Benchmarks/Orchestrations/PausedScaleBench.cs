using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Benchmarks.Hosting;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Benchmarks.Orchestrations;

/// <summary>
/// Many runs paused on approval in one SQLite store (the product's promise is waiting): bytes per
/// paused run in the file, the time to list a page of 100 awaiting approval (first and deepest
/// page, from the store's index, and the client-side filter it replaced), the start of a worker
/// over such a store (to its first resumed run), and the resume latency of one run (decision
/// raised → run completed) next to the same on a store of 20 paused runs: it must not grow with
/// the number of paused runs.
/// <para>
/// <c>PAUSED_SCALE_N</c> sets the number of paused runs (10,000 by default; 100,000 for the
/// issue's second figure). <c>PAUSED_SCALE_REAL</c> (default 2,000) of them are started and paused
/// through the real client and worker; the rest are copies of a real paused run's rows (instance,
/// history, its approval-expiry timer) with the instance id replaced, written in one transaction:
/// the same bytes and the same state as a real paused run (the resumed runs below include copies,
/// and they complete), in seconds instead of the tens of minutes a 2-core machine needs to run
/// 100,000 scripts to their first call.
/// </para>
/// </summary>
public sealed class PausedScaleBench : IQuickBench
{
    private const string Tool = "gated";
    private const string IdPrefix = "sh-paused-";
    private const int PageSize = 100;
    private const int Resumes = 9;

    public string Name => "paused-scale";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        int total = EnvInt("PAUSED_SCALE_N", 10_000);
        int real = Math.Min(total, EnvInt("PAUSED_SCALE_REAL", 2_000));
        output.WriteLine($"Start: {LoadAverage.Now()}");
        output.WriteLine($"SQLite store, synchronous=FULL for every measurement (the runs were paused with NORMAL to create them faster), live-run caching on; every run paused on approval of its first call.");

        string folder = Directory.CreateTempSubdirectory("bench-paused-scale-").FullName;
        try
        {
            Figures small = await MeasureAsync(Path.Combine(folder, "small.db"), folder, 20, 20, output, cancellationToken);
            Figures large = await MeasureAsync(Path.Combine(folder, "large.db"), folder, total, real, output, cancellationToken);

            output.WriteLine();
            output.WriteLine("| paused runs | bytes per paused run (db + wal) | list page of 100 awaiting approval: first / median / deepest (index) | same, first page, client-side filter (before) | worker start → first resumed run completed | resume latency (decision → completed), median of 9 |");
            output.WriteLine("|---|---|---|---|---|---|");
            foreach (Figures f in new[] { small, large })
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {f.Runs:N0} ({f.Real:N0} real) | {f.BytesPerRun:N0} ({f.DbBytes / 1048576.0:F1} MiB + {f.WalBytes / 1048576.0:F1} MiB wal) | {f.FirstPage:F1} / {f.MedianPage:F1} / {f.DeepestPage:F1} ms ({f.Pages} pages) | {f.ClientSideFirstPage:F0} ms | {f.StartToFirstWork:F0} ms (StartAsync {f.StartAsync:F0} ms) | {f.ResumeMedian:F1} ms (min {f.ResumeMin:F1}, max {f.ResumeMax:F1}) |"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Resume latency at {large.Runs:N0} vs {small.Runs:N0} paused runs: {large.ResumeMedian / small.ResumeMedian:F2}x (target: flat). Deepest page at {large.Runs:N0}: {large.DeepestPage:F1} ms (target <= 50 ms)."));
        }
        finally
        {
            output.WriteLine($"End: {LoadAverage.Now()}");
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<Figures> MeasureAsync(string db, string workspace, int total, int real, TextWriter output, CancellationToken cancellationToken)
    {
        // 1. Pause `real` runs (each in its turn, as the product starts them) through the real client and worker.
        var create = Stopwatch.StartNew();
        List<string> realTurns = [];
        await using (BenchHost seeding = BuildHost(db, "Normal"))
        {
            await seeding.StartAsync(cancellationToken);
            ScriptRunClient client = seeding.Services.GetRequiredService<ScriptRunClient>();
            string script = $"const r = await tools.{Tool}({{}}); return r.ok;";
            for (int start = 0; start < real; start += 50)
            {
                TurnStart[] started = await Task.WhenAll(Enumerable.Range(start, Math.Min(50, real - start)).Select(i =>
                    client.StartTurnAsync(new TurnRequest("bench-conversation", $"turn-{i}", [script], workspace), cancellationToken)));
                realTurns.AddRange(started.Select(t => t.TurnInstanceId));
            }

            await UntilPausedAsync(db, real, cancellationToken);
            await seeding.StopAsync(cancellationToken);
        }

        double realSeconds = create.Elapsed.TotalSeconds;
        SqliteConnection.ClearAllPools();
        (long realDb, long realWal) = Sizes(db);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{real:N0} runs started and paused through the client in {realSeconds:F1} s ({real / realSeconds:F0} runs/s); {(realDb + realWal) / (double)real:N0} bytes per run in db + wal."));

        // 2. The rest: copies of the first real run's rows.
        if (total > real)
        {
            var copy = Stopwatch.StartNew();
            CopyPausedRun(db, realTurns[0], real, total - 1);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total - real:N0} copies of a paused run written in {copy.Elapsed.TotalSeconds:F1} s."));
        }

        Checkpoint(db);
        (long dbBytes, long walBytes) = Sizes(db);

        // 3. A worker starts over the store; one decision waits in it.
        await using BenchHost host = BuildHost(db, "Full");
        ScriptRunClient runs = host.Services.GetRequiredService<ScriptRunClient>();
        DurableTaskClient durable = host.Client;
        string RunOf(int i) => (i < real ? realTurns[i] : Id(i)) + "-b0";
        string first = RunOf(total - 1);
        await runs.DecideAsync(first, 1, Approval(), cancellationToken);
        DateTimeOffset startAt = DateTimeOffset.UtcNow;
        var startWatch = Stopwatch.StartNew();
        await host.StartAsync(cancellationToken);
        double startAsync = startWatch.Elapsed.TotalMilliseconds;
        DateTimeOffset done = await UntilCompletedAsync(durable, first, cancellationToken);
        double startToFirst = (done - startAt).TotalMilliseconds;

        // 4. Listing: every page of 100 awaiting approval, from the index; the first page as the client-side filter did it.
        List<double> pages = [];
        string? token = null;
        int listed = 0;
        do
        {
            var watch = Stopwatch.StartNew();
            RunListPage page = await runs.ListRunsAsync(new RunListQuery { Phase = RunPhase.AwaitingApproval }, PageSize, token, cancellationToken);
            pages.Add(watch.Elapsed.TotalMilliseconds);
            listed += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);
        if (listed != total - 1)
        {
            output.WriteLine($"WARNING: listed {listed:N0} runs awaiting approval, expected {total - 1:N0}.");
        }

        // The old path reads every running run: 24 s at 10,000 and 19 min at 100,000 on a loaded 2-core VM, so above
        // 20,000 runs it runs only when PAUSED_SCALE_BEFORE=1.
        double clientSide = total <= 20_000 || Environment.GetEnvironmentVariable("PAUSED_SCALE_BEFORE") == "1"
            ? await ClientSideFirstPageAsync(durable, cancellationToken)
            : double.NaN;

        // 5. Resume latency: one run at a time, from the newest (copies) and the oldest (real) ends.
        List<double> resumes = [];
        for (int i = 0; i < Resumes; i++)
        {
            string id = RunOf(i % 2 == 0 ? total - 2 - i : i);
            DateTimeOffset t0 = DateTimeOffset.UtcNow;
            await runs.DecideAsync(id, 1, Approval(), cancellationToken);
            DateTimeOffset completed = await UntilCompletedAsync(durable, id, cancellationToken);
            resumes.Add((completed - t0).TotalMilliseconds);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total:N0} paused runs: resume latencies in order (newest copies and oldest real runs alternating): {string.Join(", ", resumes.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))} ms."));
        await host.StopAsync(cancellationToken);
        List<double> sorted = [.. pages.Order()];
        resumes.Sort();
        return new Figures(
            total, real, dbBytes, walBytes, (dbBytes + walBytes) / total,
            pages[0], sorted[sorted.Count / 2], pages[^1], pages.Count, clientSide,
            startAsync, startToFirst, resumes[resumes.Count / 2], resumes[0], resumes[^1]);
    }

    /// <summary>What <c>ListRunsAsync</c> did before the store indexed runs: read every running run's metadata, filter the phase, sort, take a page.</summary>
    private static async Task<double> ClientSideFirstPageAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        List<OrchestrationMetadata> matching = [];
        await foreach (OrchestrationMetadata run in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running], InstanceIdPrefix = RunIds.Prefix, PageSize = 1000 }).WithCancellation(cancellationToken))
        {
            if (run.SerializedCustomStatus is { Length: > 0 } && run.ReadCustomStatusAs<RunStatus>()?.Phase == RunPhase.AwaitingApproval)
            {
                matching.Add(run);
            }
        }

        _ = matching.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.InstanceId, StringComparer.Ordinal).Take(PageSize).ToList();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static BenchHost BuildHost(string db, string synchronous) =>
        BenchHostBuilder.For("sqlite").SqliteFile(db, synchronous).Concurrency(orchestrations: 50).Tool(Tool, "Needs approval.").Build();

    private static ApprovalDecision Approval() => new(DecisionVerdict.Approve, DecisionScope.Call, "bench", "bench");

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{i:D7}");

    private static async Task<DateTimeOffset> UntilCompletedAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        using CancellationTokenSource patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            OrchestrationMetadata? run = await client.GetInstanceAsync(id, getInputsAndOutputs: false, patience.Token);
            if (run is { RuntimeStatus: OrchestrationRuntimeStatus.Completed })
            {
                // The store's time of the run's last checkpoint: independent of this poll's interval.
                return run.LastUpdatedAt;
            }

            if (run is { RuntimeStatus: OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
            {
                throw new InvalidOperationException($"Run {id} ended {run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage}");
            }

            await Task.Delay(2, patience.Token);
        }
    }

    private static async Task UntilPausedAsync(string db, int expected, CancellationToken cancellationToken)
    {
        using CancellationTokenSource patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(30));
        while (Count(db, "SELECT count(*) FROM Instances WHERE Phase = 'awaitingApproval'") < expected)
        {
            await Task.Delay(250, patience.Token);
        }
    }

    /// <summary>
    /// Copies the template turn's rows and its paused run's (<c>{turn}-b0</c>) to the turn ids
    /// <c>sh-paused-{i}</c> for <paramref name="from"/>..<paramref name="to"/>, created after
    /// everything else, in one transaction: every occurrence of the template's id (instance
    /// rows, the run's parent, the turn's sub-orchestration event) becomes the new id.
    /// </summary>
    private static void CopyPausedRun(string db, string template, int from, int to)
    {
        using SqliteConnection connection = Open(db);
        using SqliteTransaction transaction = connection.BeginTransaction();
        const string Numbers = "WITH RECURSIVE n(i) AS (SELECT $from UNION ALL SELECT i + 1 FROM n WHERE i < $to) ";
        const string NewId = "printf('" + IdPrefix + "%07d', i)";
        const string Mine = "InstanceId IN ($t, $t || '-b0')";
        string[] statements =
        [
            Numbers + "INSERT INTO Instances (InstanceId, ExecutionId, Name, Version, RuntimeStatus, CreatedTicks, LastUpdatedTicks, CompletedTicks, ScheduledStartTicks, " +
            "Input, Output, CustomStatus, FailureDetails, ParentInstanceId, ParentExecutionId, Tags, LockOwner, LockExpiresTicks, LockToken, DispatchAttempts) " +
            $"SELECT replace(InstanceId, $t, {NewId}), ExecutionId, Name, Version, RuntimeStatus, $now + 10 * i + (InstanceId <> $t), $now + 10 * i, CompletedTicks, ScheduledStartTicks, " +
            $"replace(Input, $t, {NewId}), Output, CustomStatus, FailureDetails, replace(ParentInstanceId, $t, {NewId}), ParentExecutionId, Tags, NULL, NULL, 1 + abs(random() % 9000000000000000000), 0 " +
            $"FROM n, Instances WHERE {Mine};",
            Numbers + "INSERT INTO History (InstanceId, SequenceNumber, ExecutionId, EventType, TimestampTicks, Event) " +
            $"SELECT replace(InstanceId, $t, {NewId}), SequenceNumber, ExecutionId, EventType, TimestampTicks, replace(Event, $t, {NewId}) FROM n, History WHERE {Mine};",
            Numbers + "INSERT INTO NewEvents (InstanceId, ExecutionId, EventType, VisibleTicks, CreatedTicks, SequenceNumber, Event) " +
            $"SELECT replace(InstanceId, $t, {NewId}), ExecutionId, EventType, VisibleTicks, CreatedTicks, SequenceNumber, replace(Event, $t, {NewId}) FROM n, NewEvents WHERE {Mine};",
        ];
        foreach (string sql in statements)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", to);
            command.Parameters.AddWithValue("$t", template);
            command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Checkpoint(string db)
    {
        using SqliteConnection connection = Open(db);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    private static long Count(string db, string sql)
    {
        using SqliteConnection connection = Open(db);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string db)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using SqliteCommand busy = connection.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 30000;";
        busy.ExecuteNonQuery();
        return connection;
    }

    private static (long Db, long Wal) Sizes(string db) =>
        (new FileInfo(db).Length, File.Exists(db + "-wal") ? new FileInfo(db + "-wal").Length : 0);

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;

    private sealed record Figures(
        int Runs, int Real, long DbBytes, long WalBytes, long BytesPerRun,
        double FirstPage, double MedianPage, double DeepestPage, int Pages, double ClientSideFirstPage,
        double StartAsync, double StartToFirstWork, double ResumeMedian, double ResumeMin, double ResumeMax);
}
