using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>Writes and reads rows of the Instances table.</summary>
internal static class InstanceRows
{
    public const string StateColumns =
        "InstanceId, ExecutionId, Name, Version, RuntimeStatus, CreatedTicks, LastUpdatedTicks, CompletedTicks, " +
        "ScheduledStartTicks, Input, Output, CustomStatus, FailureDetails, ParentInstanceId, ParentExecutionId, Tags";

    public const string StateColumnsWithoutPayloads =
        "InstanceId, ExecutionId, Name, Version, RuntimeStatus, CreatedTicks, LastUpdatedTicks, CompletedTicks, " +
        "ScheduledStartTicks, NULL, NULL, CustomStatus, FailureDetails, ParentInstanceId, ParentExecutionId, Tags";

    private static readonly OrchestrationStatus[] Terminal =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated];

    public static bool IsTerminal(OrchestrationStatus status) => Array.IndexOf(Terminal, status) >= 0;

    public static bool IsTerminal(string status) => Enum.TryParse(status, out OrchestrationStatus parsed) && IsTerminal(parsed);

    public static string TerminalStatusList => "('Completed','Failed','Terminated')";

    /// <summary>Reads the instance's status name, or null when it does not exist.</summary>
    public static string? Status(SqliteConnection connection, string instanceId) =>
        (string?)Sql.Scalar(connection, "SELECT RuntimeStatus FROM Instances WHERE InstanceId = $id;", ("$id", instanceId));

    /// <summary>Creates a Pending instance for a start message.</summary>
    public static void Insert(SqliteConnection connection, ExecutionStartedEvent start, long nowTicks)
    {
        Sql.Execute(
            connection,
            "INSERT INTO Instances (InstanceId, ExecutionId, Name, Version, RuntimeStatus, CreatedTicks, LastUpdatedTicks, " +
            "ScheduledStartTicks, Input, ParentInstanceId, ParentExecutionId, Tags, LockToken) " +
            "VALUES ($id, $exec, $name, $version, 'Pending', $now, $now, $scheduled, $input, $parent, $parentExec, $tags, $token);",
            StartParameters(start, nowTicks));
    }

    /// <summary>
    /// Recreates an existing instance for a new start: its history and pending messages go, the
    /// row gets the new execution, and a new lock token fences out any worker still holding it.
    /// </summary>
    public static void Reset(SqliteConnection connection, ExecutionStartedEvent start, long nowTicks)
    {
        string id = start.OrchestrationInstance.InstanceId;
        Sql.Execute(connection, "DELETE FROM History WHERE InstanceId = $id; DELETE FROM NewEvents WHERE InstanceId = $id;", ("$id", id));
        Sql.Execute(
            connection,
            "UPDATE Instances SET ExecutionId = $exec, Name = $name, Version = $version, RuntimeStatus = 'Pending', " +
            "CreatedTicks = $now, LastUpdatedTicks = $now, CompletedTicks = NULL, ScheduledStartTicks = $scheduled, Input = $input, " +
            "Output = NULL, CustomStatus = NULL, FailureDetails = NULL, ParentInstanceId = $parent, ParentExecutionId = $parentExec, " +
            "Tags = $tags, LockOwner = NULL, LockExpiresTicks = NULL, LockToken = $token WHERE InstanceId = $id;",
            StartParameters(start, nowTicks));
    }

    /// <summary>Reads an <see cref="OrchestrationState"/> from a row selected with <see cref="StateColumns"/>.</summary>
    public static OrchestrationState ReadState(SqliteDataReader reader)
    {
        string? failure = reader.GetStringOrNull(12);
        string? tags = reader.GetStringOrNull(15);
        string? parentId = reader.GetStringOrNull(13);
        long? completed = reader.GetInt64OrNull(7);
        long? scheduled = reader.GetInt64OrNull(8);
        return new OrchestrationState
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = reader.GetString(0), ExecutionId = reader.GetString(1) },
            Name = reader.GetString(2),
            Version = reader.GetStringOrNull(3) ?? string.Empty,
            OrchestrationStatus = Enum.Parse<OrchestrationStatus>(reader.GetString(4)),
            CreatedTime = SqliteTime.FromTicks(reader.GetInt64(5)),
            LastUpdatedTime = SqliteTime.FromTicks(reader.GetInt64(6)),
            CompletedTime = completed is { } c ? SqliteTime.FromTicks(c) : DateTime.MinValue,
            ScheduledStartTime = scheduled is { } s ? SqliteTime.FromTicks(s) : null,
            Input = reader.GetStringOrNull(9),
            Output = reader.GetStringOrNull(10),
            Status = reader.GetStringOrNull(11),
            FailureDetails = failure is null ? null : EventSerializer.DeserializeObject<FailureDetails>(failure),
            ParentInstance = parentId is null ? null : new ParentInstance
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = parentId, ExecutionId = reader.GetStringOrNull(14) },
            },
            Tags = tags is null ? null : EventSerializer.DeserializeObject<Dictionary<string, string>>(tags),
        };
    }

    private static (string, object?)[] StartParameters(ExecutionStartedEvent start, long nowTicks) =>
    [
        ("$id", start.OrchestrationInstance.InstanceId),
        ("$exec", start.OrchestrationInstance.ExecutionId ?? string.Empty),
        ("$name", start.Name ?? string.Empty),
        ("$version", start.Version),
        ("$now", nowTicks),
        ("$scheduled", start.ScheduledStartTime is { } t ? SqliteTime.ToTicks(t) : null),
        ("$input", start.Input),
        ("$parent", start.ParentInstance?.OrchestrationInstance?.InstanceId),
        ("$parentExec", start.ParentInstance?.OrchestrationInstance?.ExecutionId),
        ("$tags", start.Tags is { Count: > 0 } tags ? EventSerializer.SerializeObject(tags) : null),
        ("$token", Random.Shared.NextInt64(1, long.MaxValue)),
    ];
}
