using System.Text.Json;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

/// <summary>The real coding tools under the default policy, end to end.</summary>
[Collection(HarnessCollection.Name)]
public class CodingToolsPolicyTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task Reads_patches_inside_the_workspace_and_read_only_commands_run_without_asking()
    {
        string folder = $"case-{Guid.NewGuid():N}";
        RunView done = await this.RunToEndAsync($$"""
            await tools.applyPatch({ patch: "*** Begin Patch\n*** Add File: {{folder}}/note.txt\n+hello from a script\n*** End Patch\n" });
            const file = await tools.readFile({ path: "{{folder}}/note.txt" });
            const listing = await tools.exec({ command: ["cat", "{{folder}}/note.txt"] });
            return { file, out: listing.stdout };
            """);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Empty(done.Output.Approvals);
        Assert.Contains("hello from a script", done.Output.Report.Result!.Value.GetProperty("out").GetString(), StringComparison.Ordinal);
        Assert.Equal("hello from a script\n", await File.ReadAllTextAsync(Path.Combine(this.Fixture.Workspace, folder, "note.txt")));
    }

    [Fact]
    public async Task Exec_of_a_path_outside_the_workspace_asks_and_a_denial_keeps_it_from_running()
    {
        string id = await this.StartAsync("""
            try { await tools.exec({ command: ["cat", "/etc/passwd"] }); return 'ran'; } catch (e) { return e.code; }
            """);
        RunStatus waiting = await this.WaitForPendingAsync(id, 1);
        Assert.Contains("outside the workspace", Assert.Single(waiting.Pending).Reason, StringComparison.Ordinal);

        await this.Runs.DecideAsync(id, 1, Deny("no reading system files"));
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal("approval-denied", done.Output!.Report.Result!.Value.GetString());
        Assert.Equal(ApprovalAction.Ask, Assert.Single(done.Output.Approvals).Policy);
    }

    [Fact]
    public async Task A_shell_command_with_operators_asks_before_it_runs()
    {
        string marker = Path.Combine(this.Fixture.Workspace, $"marker-{Guid.NewGuid():N}");
        string id = await this.StartAsync($$"""
            const r = await tools.exec({ command: "echo hi > {{Path.GetFileName(marker)}}" });
            return r.exitCode;
            """);
        await this.WaitForPendingAsync(id, 1);
        Assert.False(File.Exists(marker));

        await this.Runs.DecideAsync(id, 1, Approve());
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal(0, done.Output!.Report.Result!.Value.GetInt32());
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task A_scope_run_approval_of_one_command_does_not_approve_the_same_program_on_other_arguments()
    {
        string folder = $"grant-{Guid.NewGuid():N}";
        string approved = Path.Combine(this.Fixture.Workspace, folder, "approved");
        string other = Path.Combine(this.Fixture.Workspace, folder, "other");
        Directory.CreateDirectory(Path.GetDirectoryName(approved)!);
        string id = await this.StartAsync($$"""
            await tools.exec({ command: ["touch", "{{folder}}/approved"] });
            await tools.exec({ command: ["touch", "{{folder}}/approved"] });
            try { await tools.exec({ command: ["touch", "{{folder}}/other"] }); return 'ran'; } catch (e) { return e.code; }
            """);

        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Approve(scope: DecisionScope.Run));

        // The identical command is covered; the same program on another operand asks again.
        RunStatus asking = await this.WaitForPendingAsync(id, 3);
        Assert.Equal(3, Assert.Single(asking.Pending).CallId);
        Assert.False(File.Exists(other));
        await this.Runs.DecideAsync(id, 3, Deny("not that one"));
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal("approval-denied", done.Output!.Report.Result!.Value.GetString());
        Assert.True(File.Exists(approved));
        Assert.False(File.Exists(other));
        Assert.Equal([null, 1, null], done.Output.Approvals.Select(a => a.DecidedViaCall));
    }

    [Fact]
    public async Task A_patch_that_plants_a_nested_git_config_waits_for_approval_and_a_denial_keeps_it_unwritten()
    {
        string folder = $"nested-{Guid.NewGuid():N}";
        string config = Path.Combine(this.Fixture.Workspace, folder, "sub", ".git", "config");
        string id = await this.StartAsync($$"""
            try {
              await tools.applyPatch({ patch: "*** Begin Patch\n*** Add File: {{folder}}/readme.md\n+hi\n*** Add File: {{folder}}/sub/.git/config\n+[core]\n+\tfsmonitor = touch pwned\n*** End Patch\n" });
              return 'written';
            } catch (e) { return e.code; }
            """);

        RunStatus waiting = await this.WaitForPendingAsync(id, 1);
        Assert.Contains(".git", Assert.Single(waiting.Pending).Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(config));

        await this.Runs.DecideAsync(id, 1, Deny("no git metadata"));
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal("approval-denied", done.Output!.Report.Result!.Value.GetString());
        Assert.False(File.Exists(config));
        Assert.False(File.Exists(Path.Combine(this.Fixture.Workspace, folder, "readme.md")));
    }

    [Fact]
    public async Task Only_a_call_whose_matching_host_rule_grants_the_network_gets_it_in_its_activity_input()
    {
        RunView done = await this.RunToEndAsync("""
            await tools.add({ a: 1, b: 2 });
            try { await tools.boom({}); } catch (e) { }
            return 'done';
            """);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        var calls = this.Fixture.Ledger.For(done.InstanceId);
        Assert.True(Assert.Single(calls, c => c.Tool == "add").Invocation.AllowNetwork);
        Assert.False(Assert.Single(calls, c => c.Tool == "boom").Invocation.AllowNetwork);
    }

    [Fact]
    public async Task Exec_of_the_workers_environment_behind_a_double_dash_asks_and_a_denial_keeps_it_from_running()
    {
        string id = await this.StartAsync("""
            try { const r = await tools.exec({ command: ["cat", "--", "/proc/self/environ"] }); return r.stdout; } catch (e) { return e.code; }
            """);
        RunStatus waiting = await this.WaitForPendingAsync(id, 1);
        Assert.Contains("'/proc/self/environ' is outside the workspace", Assert.Single(waiting.Pending).Reason, StringComparison.Ordinal);

        await this.Runs.DecideAsync(id, 1, Deny("no"));
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal("approval-denied", done.Output!.Report.Result!.Value.GetString());
    }
}
