using System.Globalization;
using System.Reflection;
using DurableTask.Core;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>
/// The store's own listing (schema version 4): newest first, filtered by phase, conversation,
/// status, name and time from indexes, paged by a cursor; a store written by an older build is
/// migrated in place and lists its old instances the same way.
/// </summary>
public sealed class InstanceListTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task A_version_3_store_is_migrated_in_place_and_lists_its_runs_by_phase_and_conversation_newest_first()
    {
        CreateVersion3Store(this.store.DatabasePath);
        this.InsertOldInstance("sh-a", "ScriptTurn", "Running", 10, status: null, input: """{"ConversationId":"c1","TurnId":"t1","Runs":[]}""");
        this.InsertOldInstance("sh-a-b0", "ScriptRun", "Running", 11, """{"Phase":"awaitingApproval","CallsDone":0}""", """{"Script":"x","Context":{"ConversationId":"c1","TurnId":"t1"}}""");
        this.InsertOldInstance("sh-b-b0", "ScriptRun", "Running", 12, """{"Phase":"awaitingApproval"}""", """{"Script":"x","Context":{"ConversationId":"c2"}}""");
        this.InsertOldInstance("sh-c-b0", "ScriptRun", "Running", 13, """{"Phase":"running"}""", """{"Script":"x","Context":{"ConversationId":"c1"}}""");
        this.InsertOldInstance("sh-d-b0", "ScriptRun", "Completed", 14, """{"Phase":"awaitingApproval"}""", """{"Script":"x","Context":{"ConversationId":"c1"}}""");
        this.InsertOldInstance("other", "Other", "Running", 15, "plain text, not JSON", "\"not an object\"");

        await using SqliteOrchestrationService service = this.store.Service();
        await service.CreateIfNotExistsAsync();

        Assert.Equal(4, StoreInspector.Count(this.store.DatabasePath, "PRAGMA user_version"));
        Assert.Equal(["other", "sh-d-b0", "sh-c-b0", "sh-b-b0", "sh-a-b0", "sh-a"], await ListAllAsync(service, new InstanceListQuery(), pageSize: 4));

        // Awaiting approval: running instances only (the completed one's stale status is not listed), one per page.
        InstanceListPage first = await service.ListInstancesAsync(new InstanceListQuery { Phase = "awaitingApproval", PageSize = 1 });
        Assert.Equal("sh-b-b0", Assert.Single(first.Items).State.OrchestrationInstance.InstanceId);
        Assert.True(first.HasMore);
        InstanceListPage second = await service.ListInstancesAsync(new InstanceListQuery { Phase = "awaitingApproval", PageSize = 1, After = CursorOf(first.Items[^1]) });
        Assert.Equal("sh-a-b0", Assert.Single(second.Items).State.OrchestrationInstance.InstanceId);
        Assert.False(second.HasMore);

        // The conversation was read from the old inputs by the migration: a run's Context, a turn's own field.
        Assert.Equal(["sh-d-b0", "sh-c-b0", "sh-a-b0", "sh-a"], await ListAllAsync(service, new InstanceListQuery { ConversationId = "c1" }, pageSize: 3));
        InstanceListPage c1 = await service.ListInstancesAsync(new InstanceListQuery { ConversationId = "c1" });
        Assert.All(c1.Items, e => Assert.Equal("c1", e.ConversationId));
        Assert.Null((await service.ListInstancesAsync(new InstanceListQuery { InstanceIdPrefix = "other" })).Items.Single().ConversationId);

        Assert.Equal(["sh-d-b0"], await ListAllAsync(service, new InstanceListQuery { ConversationId = "c1", Statuses = [OrchestrationStatus.Completed] }, pageSize: 10));
        Assert.Equal(["sh-c-b0", "sh-a-b0"], await ListAllAsync(service, new InstanceListQuery { ConversationId = "c1", Name = "ScriptRun", Statuses = [OrchestrationStatus.Running] }, pageSize: 10));
        Assert.Equal(["sh-c-b0", "sh-b-b0"], await ListAllAsync(service, new InstanceListQuery { CreatedFrom = new DateTime(12, DateTimeKind.Utc), CreatedTo = new DateTime(13, DateTimeKind.Utc) }, pageSize: 10));
    }

    [Fact]
    public async Task An_instance_gets_its_conversation_when_created_and_its_phase_from_each_checkpoint()
    {
        await using SqliteOrchestrationService service = this.store.Service();
        await service.CreateIfNotExistsAsync();
        await service.CreateTaskOrchestrationAsync(Episode.Creation("sh-x", "ScriptRun", """{"Script":"x","Context":{"ConversationId":"conv-x"}}"""));
        Assert.Empty((await service.ListInstancesAsync(new InstanceListQuery { Phase = "awaitingApproval" })).Items);

        // A checkpoint that sets the status puts the run in the phase; the next one moves it out.
        await this.CheckpointAsync(service, "sh-x", """{"Phase":"awaitingApproval","Pending":[]}""");
        Assert.Equal(["sh-x"], await ListAllAsync(service, new InstanceListQuery { Phase = "awaitingApproval" }, pageSize: 10));
        await this.CheckpointAsync(service, "sh-x", "a status that is not JSON");
        Assert.Empty((await service.ListInstancesAsync(new InstanceListQuery { Phase = "awaitingApproval" })).Items);
        Assert.Equal("a status that is not JSON", (await service.GetOrchestrationStateAsync("sh-x", executionId: null)).Status);

        // The conversation comes from the input when the instance is created: a run's Context, a turn's own field.
        await service.CreateTaskOrchestrationAsync(Episode.Creation("sh-y", "ScriptTurn", """{"ConversationId":"conv-x"}"""));
        await service.CreateTaskOrchestrationAsync(Episode.Creation("sh-z", "ScriptTurn", """{"ConversationId":"conv-z"}"""));
        Assert.Equal(["sh-y", "sh-x"], await ListAllAsync(service, new InstanceListQuery { ConversationId = "conv-x" }, pageSize: 1));
    }

    /// <summary>One episode of the instance that ends with <paramref name="status"/> as its custom status (a raised event wakes it after its first).</summary>
    private async Task CheckpointAsync(SqliteOrchestrationService service, string instanceId, string status)
    {
        if ((await service.GetOrchestrationStateAsync(instanceId, executionId: null)).OrchestrationStatus != OrchestrationStatus.Pending)
        {
            await service.SendTaskOrchestrationMessageAsync(new TaskMessage
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
                Event = new DurableTask.Core.History.EventRaisedEvent(-1, "\"go\"") { Name = "go" },
            });
        }

        TaskOrchestrationWorkItem item = await service.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        Assert.Equal(instanceId, item.InstanceId);
        Episode episode = Episode.Begin(item);
        episode.CustomStatus = status;
        await episode.CommitAsync(service);
        await service.ReleaseTaskOrchestrationWorkItemAsync(item);
    }

    private static InstanceListCursor CursorOf(InstanceListEntry entry) =>
        new(entry.State.CreatedTime.Ticks, entry.State.OrchestrationInstance.InstanceId);

    private static async Task<List<string>> ListAllAsync(SqliteOrchestrationService service, InstanceListQuery query, int pageSize)
    {
        List<string> ids = [];
        InstanceListCursor? after = null;
        while (true)
        {
            InstanceListPage page = await service.ListInstancesAsync(query with { PageSize = pageSize, After = after });
            Assert.True(page.Items.Count <= pageSize);
            ids.AddRange(page.Items.Select(e => e.State.OrchestrationInstance.InstanceId));
            if (!page.HasMore)
            {
                return ids;
            }

            after = CursorOf(page.Items[^1]);
        }
    }

    /// <summary>A file exactly as a build that knew schema versions 1 to 3 created it (the shipped scripts, embedded in the product).</summary>
    private static void CreateVersion3Store(string path)
    {
        Assembly product = typeof(SqliteOrchestrationService).Assembly;
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        for (int version = 1; version <= 3; version++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"ScriptHarness.Durable.Backends.Sqlite.Schema.schema-{version:D4}.sql");
            using Stream stream = product.GetManifestResourceStream(name) ?? throw new InvalidOperationException(name);
            using var reader = new StreamReader(stream);
            Execute(connection, reader.ReadToEnd());
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"INSERT INTO SchemaVersions (Version, AppliedTicks, AppliedBy) VALUES ({version}, 0, 'old-build');"));
        }

        Execute(connection, "PRAGMA user_version = 3;");
    }

    private void InsertOldInstance(string id, string name, string runtimeStatus, long createdTicks, string? status, string input)
    {
        using var connection = new SqliteConnection($"Data Source={this.store.DatabasePath}");
        connection.Open();
        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText =
            "INSERT INTO Instances (InstanceId, ExecutionId, Name, Version, RuntimeStatus, CreatedTicks, LastUpdatedTicks, Input, CustomStatus, LockToken) " +
            "VALUES ($id, 'e1', $name, '', $runtime, $created, $created, $input, $status, 1);";
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$runtime", runtimeStatus);
        insert.Parameters.AddWithValue("$created", createdTicks);
        insert.Parameters.AddWithValue("$input", input);
        insert.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
