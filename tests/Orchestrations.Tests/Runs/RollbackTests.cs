using System.Text;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

/// <summary>Rolling a run's edits back: the inverse patches of its applyPatch calls, newest first, all or nothing, as a durable run of its own.</summary>
[Collection(HarnessCollection.Name)]
public class RollbackTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    private const string OriginalA = "alpha\nbeta\ngamma\ndelta\n";
    private const string OriginalB = "one\r\ntwo\r\nthree\r\n";

    [Fact]
    public async Task Rollback_restores_files_patched_in_two_calls_byte_for_byte_and_removes_an_added_file()
    {
        (string folder, string runId) = await this.PatchTwoFilesAsync();
        Assert.NotEqual(OriginalA, this.Read(folder, "a.txt"));

        RollbackStart rollback = await this.Runs.StartRollbackAsync(runId);
        RunView done = await this.WaitForEndAsync(rollback.RunInstanceId);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal([2, 1], rollback.Calls);
        Assert.Equal(runId, rollback.RollbackOf);
        Assert.NotEqual(runId, rollback.RunInstanceId);
        Assert.Equal(Encoding.UTF8.GetBytes(OriginalA), await File.ReadAllBytesAsync(this.PathOf(folder, "a.txt")));
        Assert.Equal(Encoding.UTF8.GetBytes(OriginalB), await File.ReadAllBytesAsync(this.PathOf(folder, "b.txt")));
        Assert.False(File.Exists(this.PathOf(folder, "new.txt")));
        Assert.Equal("applyPatch", Assert.Single(done.Output.Report.Calls).Tool);
    }

    [Fact]
    public async Task A_file_changed_since_the_run_is_a_patch_conflict_naming_it_and_no_file_is_written()
    {
        (string folder, string runId) = await this.PatchTwoFilesAsync();
        string patchedA = this.Read(folder, "a.txt");
        string patchedB = this.Read(folder, "b.txt");
        await File.AppendAllTextAsync(this.PathOf(folder, "b.txt"), "a line added after the run\r\n");

        RollbackStart rollback = await this.Runs.StartRollbackAsync(runId);
        RunView done = await this.WaitForEndAsync(rollback.RunInstanceId);

        Assert.Equal(ScriptRunStatus.Failed, done.Output!.Report.Status);
        ToolCallRecord call = Assert.Single(done.Output.Report.Calls);
        Assert.Equal(ToolErrorDetails.PatchConflict, call.Error!.Detail);
        Assert.Contains($"'{folder}/b.txt'", call.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a.txt", call.Error.Message, StringComparison.Ordinal);
        Assert.Equal(patchedA, this.Read(folder, "a.txt"));
        Assert.Equal(patchedB + "a line added after the run\r\n", this.Read(folder, "b.txt"));
        Assert.True(File.Exists(this.PathOf(folder, "new.txt")));

        // Once the file is as the run left it, asking again starts a new rollback, which completes.
        await File.WriteAllTextAsync(this.PathOf(folder, "b.txt"), patchedB);
        RollbackStart again = await this.Runs.StartRollbackAsync(runId);
        Assert.False(again.AlreadyStarted);
        Assert.NotEqual(rollback.RunInstanceId, again.RunInstanceId);
        Assert.Equal(ScriptRunStatus.Completed, (await this.WaitForEndAsync(again.RunInstanceId)).Output!.Report.Status);
        Assert.Equal(OriginalB, this.Read(folder, "b.txt"));
    }

    [Fact]
    public async Task Asking_twice_for_the_same_rollback_returns_the_same_run()
    {
        (_, string runId) = await this.PatchTwoFilesAsync();

        RollbackStart first = await this.Runs.StartRollbackAsync(runId);
        await this.WaitForEndAsync(first.RunInstanceId);
        RollbackStart second = await this.Runs.StartRollbackAsync(runId);

        Assert.False(first.AlreadyStarted);
        Assert.True(second.AlreadyStarted);
        Assert.Equal(first.RunInstanceId, second.RunInstanceId);
    }

    [Fact]
    public async Task A_rollback_under_a_policy_that_asks_waits_for_approval_before_it_writes()
    {
        string folder = this.NewFolder();
        Func<TurnRequest, TurnRequest> asking = r => r with { Policy = new ApprovalPolicy { Mode = ApprovalMode.Always } };
        string runId = await this.StartAsync(TwoPatches(folder), asking);
        await this.WaitForPendingAsync(runId, 1);
        await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartRollbackAsync(runId));
        await this.Runs.DecideAsync(runId, 1, Approve());
        await this.WaitForPendingAsync(runId, 2);
        await this.Runs.DecideAsync(runId, 2, Approve());
        Assert.Equal(ScriptRunStatus.Completed, (await this.WaitForEndAsync(runId)).Output!.Report.Status);
        string patchedA = this.Read(folder, "a.txt");

        RollbackStart rollback = await this.Runs.StartRollbackAsync(runId);
        await this.WaitForPendingAsync(rollback.RunInstanceId, 1);
        Assert.Equal(patchedA, this.Read(folder, "a.txt"));
        await this.Runs.DecideAsync(rollback.RunInstanceId, 1, Approve());
        RunView done = await this.WaitForEndAsync(rollback.RunInstanceId);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal(OriginalA, this.Read(folder, "a.txt"));
        Assert.Equal(OriginalB, this.Read(folder, "b.txt"));
        Assert.Equal("alice", Assert.Single(done.Output.Approvals).Decision!.DecidedBy);
    }

    [Fact]
    public async Task Refusals_have_stable_codes_and_start_nothing()
    {
        ScriptRunClientException unknown = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartRollbackAsync("sh-00000000000000000000-b0"));
        Assert.Equal(ClientErrorCode.NotFound, unknown.Code);

        RunView plain = await this.RunToEndAsync("return 1;");
        ScriptRunClientException nothing = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartRollbackAsync(plain.InstanceId));
        Assert.Equal(ClientErrorCode.NothingToRollBack, nothing.Code);

        TurnStart turn = await this.Runs.StartTurnAsync(this.TurnIn("return 2;"));
        await this.WaitForEndAsync(turn.RunInstanceIds[0]);
        ScriptRunClientException notARun = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartRollbackAsync(turn.TurnInstanceId));
        Assert.Equal(ClientErrorCode.InvalidRequest, notARun.Code);
    }

    private static string TwoPatches(string folder) => $$"""
        await tools.applyPatch({ patch: "*** Begin Patch\n*** Update File: {{folder}}/a.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** End Patch\n" });
        await tools.applyPatch({ patch: "*** Begin Patch\n*** Update File: {{folder}}/b.txt\n@@\n one\n-two\n+TWO\n three\n*** Update File: {{folder}}/a.txt\n@@\n gamma\n-delta\n+DELTA\n*** Add File: {{folder}}/new.txt\n+made by the run\n*** End Patch\n" });
        return "patched";
        """;

    private async Task<(string Folder, string RunId)> PatchTwoFilesAsync()
    {
        string folder = this.NewFolder();
        RunView run = await this.RunToEndAsync(TwoPatches(folder));
        Assert.True(run.Output!.Report.Status == ScriptRunStatus.Completed, run.Output.Report.Error?.Message);
        return (folder, run.InstanceId);
    }

    private string NewFolder()
    {
        string folder = $"rollback-{Guid.NewGuid():N}";
        Directory.CreateDirectory(this.PathOf(folder, string.Empty));
        File.WriteAllBytes(this.PathOf(folder, "a.txt"), Encoding.UTF8.GetBytes(OriginalA));
        File.WriteAllBytes(this.PathOf(folder, "b.txt"), Encoding.UTF8.GetBytes(OriginalB));
        return folder;
    }

    private string PathOf(string folder, string name) => Path.Combine(this.Fixture.Workspace, folder, name);

    private string Read(string folder, string name) => File.ReadAllText(this.PathOf(folder, name));
}
