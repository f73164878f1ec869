using System.Text.Json.Nodes;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Tests.Orchestrations.Client;

public class RunFailureTests
{
    private const string Type = "DurableTask.Core.Exceptions.NonDeterministicOrchestrationException";

    [Fact]
    public void A_renamed_call_names_both_tools_and_finds_the_call_sequence_in_the_history()
    {
        DurableHistoryEvent scheduled = new()
        {
            Sequence = 4,
            Type = "taskScheduled",
            EventId = 2,
            Timestamp = DateTimeOffset.UnixEpoch,
            Name = "readFile",
            Input = JsonNode.Parse("""[{"IdempotencyKey":"sh-1-b0:3","CallSeq":3,"Workspace":"/w","Args":{}}]"""),
        };
        RunFailure failure = RunFailure.From(
            Type,
            "Non-Deterministic workflow detected: A previous execution of this orchestration scheduled an activity task with sequence number 2 named 'readFile', but the current orchestration replay instead scheduled an activity task named 'exec' with this sequence number.",
            [scheduled]);

        Assert.Equal("non-determinism", failure.Code);
        Assert.Equal(3, failure.CallId);
        Assert.Equal("readFile", failure.RecordedTool);
        Assert.Equal("exec", failure.ReplayedTool);
    }

    [Fact]
    public void A_call_the_replay_never_made_names_the_recorded_tool()
    {
        RunFailure failure = RunFailure.From(
            Type,
            "A previous execution of this orchestration scheduled an activity task with sequence ID 0 and name 'grep' (version ''), but the current replay execution hasn't (yet?) scheduled this task.");
        Assert.Equal("non-determinism", failure.Code);
        Assert.Equal("grep", failure.RecordedTool);
        Assert.Null(failure.ReplayedTool);
        Assert.Null(failure.CallId);
    }

    [Theory]
    [InlineData("VersionMismatch", "version-mismatch")]
    [InlineData("ScriptHarness.Orchestrations.Runs.HarnessVersionMismatchException", "version-mismatch")]
    [InlineData("poison-quarantined", "poison-quarantined")]
    [InlineData("System.InvalidOperationException", "internal")]
    public void Other_failures_map_to_version_mismatch_quarantine_or_internal(string type, string code) =>
        Assert.Equal(code, RunFailure.From(type, "message").Code);
}
