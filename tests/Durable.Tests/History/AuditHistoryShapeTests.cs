using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;
using ScriptHarness.Durable.History;

namespace ScriptHarness.Tests.Durable.History;

public sealed class AuditHistoryShapeTests
{
    private static readonly DateTime At = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Task_completion_serializes_to_the_pinned_json_line()
    {
        TaskCompletedEvent completed = new(-1, taskScheduledId: 3, result: "{\"ok\":true}") { Timestamp = At };

        string line = DurableHistoryJson.ToJsonLine(HistoryEventMapper.Map(completed, 7));

        Assert.Equal(
            "{\"sequence\":7,\"type\":\"task-completed\",\"eventId\":-1,\"timestamp\":\"2026-11-25T10:00:00+00:00\",\"taskScheduledId\":3,\"output\":{\"ok\":true}}",
            line);
    }

    [Fact]
    public void A_json_line_with_the_earlier_camel_case_type_reads_the_same_as_kebab_case()
    {
        const string Earlier = "{\"sequence\":2,\"type\":\"subOrchestrationInstanceCreated\",\"eventId\":1,\"timestamp\":\"2026-11-25T10:00:00+00:00\"}";
        const string Now = "{\"sequence\":2,\"type\":\"sub-orchestration-instance-created\",\"eventId\":1,\"timestamp\":\"2026-11-25T10:00:00+00:00\"}";

        DurableHistoryEvent earlier = Assert.Single(DurableHistoryJson.ReadJsonLines(Earlier));
        DurableHistoryEvent now = Assert.Single(DurableHistoryJson.ReadJsonLines(Now));

        Assert.Equal("subOrchestrationInstanceCreated", earlier.Type);
        Assert.Equal(earlier, now);
        Assert.Equal(Now, DurableHistoryJson.ToJsonLine(earlier));
    }

    [Fact]
    public void Failure_stored_as_message_only_still_has_a_structured_failure()
    {
        TaskFailedEvent failed = new(-1, taskScheduledId: 1, reason: "disk full", details: "at Write()") { Timestamp = At };

        DurableHistoryEvent audit = HistoryEventMapper.Map(failed, 0);

        Assert.Equal(new DurableFailure { ErrorType = "unknown", ErrorMessage = "disk full", StackTrace = "at Write()" }, audit.Failure);
    }

    [Fact]
    public void Structured_failure_keeps_type_message_and_inner_failure()
    {
        FailureDetails inner = new("System.IO.IOException", "disk full", null, null, isNonRetriable: false);
        ExecutionCompletedEvent completed = new(-1, "ignored", OrchestrationStatus.Failed, new FailureDetails("Microsoft.DurableTask.TaskFailedException", "tool failed", "trace", inner, isNonRetriable: true));

        DurableHistoryEvent audit = HistoryEventMapper.Map(completed, 0);

        Assert.Equal("Failed", audit.Status);
        Assert.Equal("Microsoft.DurableTask.TaskFailedException", audit.Failure?.ErrorType);
        Assert.True(audit.Failure?.IsNonRetriable);
        Assert.Equal("System.IO.IOException", audit.Failure?.InnerFailure?.ErrorType);
        Assert.Null(audit.Output);
    }

    [Fact]
    public void Payload_that_is_not_json_is_kept_as_a_string()
    {
        EventRaisedEvent raised = new(-1, "plain text, not JSON") { Name = "approval", Timestamp = At };

        DurableHistoryEvent audit = HistoryEventMapper.Map(raised, 0);

        Assert.Equal("plain text, not JSON", audit.Payload?.GetValue<string>());
        Assert.Equal("approval", audit.Name);
    }

    [Fact]
    public void Stored_history_is_read_by_event_type_whether_numeric_or_named()
    {
        List<HistoryEvent> original =
        [
            new ExecutionStartedEvent(-1, "\"in\"") { Name = "orch", Version = "1", OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" }, Timestamp = At },
            new TaskScheduledEvent(0, "act", "", "[\"x\"]") { Timestamp = At },
            new TaskCompletedEvent(-1, 0, "\"X\"") { Timestamp = At },
            new TimerCreatedEvent(1, At.AddMinutes(1)) { Timestamp = At },
            new ExecutionCompletedEvent(-1, "\"done\"", OrchestrationStatus.Completed) { Timestamp = At },
        ];
        string numeric = JsonConvert.SerializeObject(original);
        string named = JsonConvert.SerializeObject(original, new Newtonsoft.Json.Converters.StringEnumConverter());

        foreach (string json in new[] { numeric, named })
        {
            IList<HistoryEvent> read = StoredHistoryReader.Read(json);

            Assert.Equal(original.Select(e => e.GetType()), read.Select(e => e.GetType()));
            Assert.Equal(
                HistoryEventMapper.Map(original).Select(DurableHistoryJson.ToJsonLine),
                HistoryEventMapper.Map(read).Select(DurableHistoryJson.ToJsonLine));
        }
    }

    [Fact]
    public void Stored_history_with_an_unknown_event_type_is_refused()
    {
        Assert.Throws<FormatException>(() => StoredHistoryReader.Read("[{\"EventType\":999}]"));
        Assert.Throws<FormatException>(() => StoredHistoryReader.Read("[{\"Name\":\"no type\"}]"));
        Assert.Empty(StoredHistoryReader.Read(""));
    }
}
