using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>The CLI <c>run</c> on every example, as a child process on a real SQLite file.</summary>
public sealed class CliRunTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    public static TheoryData<string, string, int, string> Examples => new()
    {
        { "explore-repo.md", "none", 0, "completed" },
        { "parallel-reads.md", "none", 0, "completed" },
        { "fix-bug.md", "all", 0, "completed" },
        { "denied-command.md", "none", 0, "completed" },
        { "syntax-error.md", "none", 1, "refused" },
        { "openai-responses.json", "none", 0, "completed" },
        { "openai-chat.json", "none", 0, "completed" },
        { "anthropic-messages.json", "none", 0, "completed" },
        { "gemini-generate-content.json", "none", 0, "completed" },
    };

    [Fact]
    public void Every_example_file_is_covered()
    {
        string[] files = [.. Directory.GetFiles(RepoPaths.Examples).Select(Path.GetFileName).Where(f => f is not null && (f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))!];
        Assert.Equal(files.Order(), Examples.Select(row => (string)row[0]).Order());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Run_prints_one_JSON_report_per_block_and_exits_by_the_mapping_table(string file, string approve, int exitCode, string status)
    {
        string workspace = this.home.NewWorkspace();
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", Path.Combine(RepoPaths.Examples, file), "--workspace", workspace, "--approve", approve, "--json", "--store", this.home.Store);

        Assert.True(exitCode == run.ExitCode, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        string[] lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonNode report = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal(status, report["status"]!.GetValue<string>());
        if (status == "completed")
        {
            Assert.StartsWith("sh-", report["instanceId"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotEmpty(report["calls"]!.AsArray());
        }

        switch (file)
        {
            case "fix-bug.md":
                Assert.Equal(1, report["result"]!["before"]!.GetValue<int>());
                Assert.Equal(0, report["result"]!["after"]!.GetValue<int>());
                Assert.Contains("(name or \"world\")", File.ReadAllText(Path.Combine(workspace, "src", "greet.py")), StringComparison.Ordinal);
                break;
            case "denied-command.md":
                Assert.False(report["result"]!["pushed"]!.GetValue<bool>());
                Assert.Equal("approval-denied", report["result"]!["reason"]!.GetValue<string>());
                break;
            case "syntax-error.md":
                Assert.Equal("typescript-syntax", report["error"]!["code"]!.GetValue<string>());
                Assert.Null(report["instanceId"]);
                break;
            case "explore-repo.md":
                Assert.Equal("# greeter", report["result"]!["readmeTitle"]!.GetValue<string>());
                break;
        }
    }

    [Fact]
    public async Task A_multi_block_output_prints_one_line_per_block_and_stops_at_the_first_failure()
    {
        string output = Path.Combine(this.home.Root, "three.md");
        File.WriteAllText(output, Scripts.Block("return 1;") + "\n" + Scripts.Block("throw new Error('boom');") + "\n" + Scripts.Block("return 3;"));
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", this.home.NewWorkspace(), "--json", "--store", this.home.Store);

        Assert.Equal(1, run.ExitCode);
        JsonNode[] reports = [.. run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
        Assert.Equal(["completed", "failed", "not-run"], reports.Select(r => r["status"]!.GetValue<string>()));
        Assert.Equal([0, 1, 2], reports.Select(r => r["block"]!.GetValue<int>()));
        Assert.Contains("boom", reports[1]["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_waiting_in_one_process_is_approved_from_another_and_inspected_with_status_list_and_history()
    {
        string script = Path.Combine(this.home.Root, "ask.md");
        File.WriteAllText(script, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        string workspace = this.home.NewWorkspace();
        await using HostProcess waiting = HostProcess.Start(this.home.Root, null, "run", script, "--workspace", workspace, "--approve", "ask", "--store", this.home.Store);
        await waiting.WaitForOutputAsync("awaits approval", TimeSpan.FromSeconds(90));
        string turnId = waiting.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];
        string runId = turnId + "-b0";

        HostProcess status = await HostProcess.RunAsync(this.home.Root, null, "status", runId, "--store", this.home.Store);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal("awaiting-approval", JsonNode.Parse(status.Stdout)!["phase"]!.GetValue<string>());

        // What needs a human, from another terminal: the run with its phase and conversation.
        HostProcess needHuman = await HostProcess.RunAsync(this.home.Root, null, "list", "--phase", "awaiting-approval", "--store", this.home.Store);
        string[] row = Assert.Single(needHuman.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split('\t');
        Assert.Equal([runId, "ScriptRun", "Running", "awaiting-approval"], row[..4]);
        Assert.StartsWith("cli-", row[4], StringComparison.Ordinal);
        HostProcess badPhase = await HostProcess.RunAsync(this.home.Root, null, "list", "--phase", "waiting", "--store", this.home.Store);
        Assert.Equal(64, badPhase.ExitCode);
        Assert.Contains("awaiting-approval", badPhase.Stderr, StringComparison.Ordinal);

        HostProcess suspend = await HostProcess.RunAsync(this.home.Root, null, "suspend", runId, "--store", this.home.Store);
        Assert.True(suspend.ExitCode == 0, suspend.Stderr);
        // Suspend is an event the worker applies: wait for it to show (generous deadline, no fixed sleep).
        await this.WaitForStatusAsync(runId, "Suspended");
        HostProcess resume = await HostProcess.RunAsync(this.home.Root, null, "resume", runId, "--store", this.home.Store);
        Assert.True(resume.ExitCode == 0, resume.Stderr);

        HostProcess approve = await HostProcess.RunAsync(this.home.Root, null, "approve", runId, "1", "--reason", "fine", "--store", this.home.Store);
        Assert.True(approve.ExitCode == 0, approve.Stderr);
        await waiting.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(waiting.ExitCode == 0, waiting.Stdout + waiting.Stderr);
        Assert.True(File.Exists(Path.Combine(workspace, "checked.txt")));

        HostProcess list = await HostProcess.RunAsync(this.home.Root, null, "list", "--status", "Completed", "--store", this.home.Store);
        Assert.Contains(runId, list.Stdout, StringComparison.Ordinal);

        HostProcess history = await HostProcess.RunAsync(this.home.Root, null, "history", runId, "--json", "--store", this.home.Store);
        JsonNode[] events = [.. history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
        Assert.Contains(events, e => e["type"]!.GetValue<string>() == "event-raised" && e["name"]!.GetValue<string>() == "approval-1" && e.ToJsonString().Contains("cli:", StringComparison.Ordinal));
        Assert.Contains(events, e => e["type"]!.GetValue<string>() == "task-scheduled" && e["name"]!.GetValue<string>() == "exec");

        // The audit view: asked (explicit in contract 2), decided by the CLI user with the reason, ran, finished.
        HostProcess audit = await HostProcess.RunAsync(this.home.Root, null, "history", runId, "--audit", "--store", this.home.Store);
        Assert.True(audit.ExitCode == 0, audit.Stderr);
        string[] callLines = [.. audit.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("call 1 ", StringComparison.Ordinal))];
        Assert.Equal(["asked", "decided", "ran", "finished"], callLines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]));
        Assert.Contains("approve scope call by cli:", callLines[1], StringComparison.Ordinal);
        Assert.Contains("reason: fine", callLines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("inferred", callLines[0], StringComparison.Ordinal);

        HostProcess again = await HostProcess.RunAsync(this.home.Root, null, "approve", runId, "1", "--deny", "--store", this.home.Store);
        Assert.Equal(6, again.ExitCode);
        Assert.Contains("decision-conflict", again.Stderr, StringComparison.Ordinal);

        HostProcess purge = await HostProcess.RunAsync(this.home.Root, null, "purge", turnId, "--store", this.home.Store);
        Assert.Equal(0, purge.ExitCode);
        HostProcess gone = await HostProcess.RunAsync(this.home.Root, null, "status", runId, "--store", this.home.Store);
        Assert.Equal(6, gone.ExitCode);
    }

    [Fact]
    public async Task A_run_whose_process_was_killed_is_finished_by_attach()
    {
        string script = Path.Combine(this.home.Root, "ask.md");
        File.WriteAllText(script, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        string workspace = this.home.NewWorkspace();
        string turnId;
        await using (HostProcess interrupted = HostProcess.Start(this.home.Root, null, "run", script, "--workspace", workspace, "--approve", "ask", "--store", this.home.Store))
        {
            await interrupted.WaitForOutputAsync("awaits approval", TimeSpan.FromSeconds(90));
            turnId = interrupted.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];
            interrupted.Kill();
        }

        Assert.False(File.Exists(Path.Combine(workspace, "checked.txt")));
        HostProcess attach = await HostProcess.RunAsync(this.home.Root, null, "attach", turnId, "--approve", "all", "--json", "--store", this.home.Store);
        Assert.True(attach.ExitCode == 0, attach.Stdout + attach.Stderr);
        JsonNode report = JsonNode.Parse(attach.Stdout.Trim())!;
        Assert.Equal("completed", report["status"]!.GetValue<string>());
        Assert.Equal(0, report["result"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(workspace, "checked.txt")));
    }

    [Fact]
    public async Task Approval_rules_from_host_json_bind_and_decide_calls()
    {
        File.WriteAllText(this.home.HostJson, """
            { "orchestrations": { "approvals": { "rules": [ { "tool": "exec", "argvPrefix": ["sh"], "action": "deny", "reason": "no shells here" } ] } } }
            """);
        string script = Path.Combine(this.home.Root, "deny.md");
        File.WriteAllText(script, Scripts.Block($"try {{ {Scripts.AskingCommand}; return \"ran\"; }} catch (e) {{ return e.message; }}"));
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", script, "--workspace", this.home.NewWorkspace(), "--approve", "all", "--json", "--config", this.home.HostJson, "--store", this.home.Store);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("no shells here", JsonNode.Parse(run.Stdout.Trim())!["result"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 2, "cancelled", "cancelled")]
    [InlineData(true, 5, "cancelled", "terminated")]
    public async Task A_run_terminated_from_another_process_exits_by_the_mapping_table(bool force, int exitCode, string status, string errorCode)
    {
        string script = Path.Combine(this.home.Root, "ask.md");
        File.WriteAllText(script, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        await using HostProcess waiting = HostProcess.Start(this.home.Root, null, "run", script, "--workspace", this.home.NewWorkspace(), "--approve", "ask", "--json", "--store", this.home.Store);
        await waiting.WaitForStderrAsync("awaits approval", TimeSpan.FromSeconds(90));
        string turnId = waiting.Stderr.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];

        string[] args = force ? ["terminate", turnId, "--force", "--store", this.home.Store] : ["terminate", turnId, "--reason", "stop", "--store", this.home.Store];
        HostProcess terminate = await HostProcess.RunAsync(this.home.Root, null, args);
        Assert.True(terminate.ExitCode == 0, terminate.Stderr);

        await waiting.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(waiting.ExitCode == exitCode, $"exit {waiting.ExitCode}\n{waiting.Stdout}\n{waiting.Stderr}");
        JsonNode report = JsonNode.Parse(waiting.Stdout.Trim())!;
        Assert.Equal(status, report["status"]!.GetValue<string>());
        Assert.Equal(errorCode, report["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_output_without_a_script_is_refused_as_not_run()
    {
        string text = Path.Combine(this.home.Root, "text.md");
        File.WriteAllText(text, "No script here, only an example:\n```js\nawait tools.readFile({ path: \"x\" })\n```\n");
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", text, "--json", "--store", this.home.Store);
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("no-script", JsonNode.Parse(run.Stdout.Trim())!["error"]!["code"]!.GetValue<string>());
    }

    private async Task WaitForStatusAsync(string runId, string expected)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            HostProcess status = await HostProcess.RunAsync(this.home.Root, null, "status", runId, "--store", this.home.Store);
            last = JsonNode.Parse(status.Stdout)!["runtimeStatus"]!.GetValue<string>();
            if (last == expected)
            {
                return;
            }
        }

        Assert.Fail($"Run {runId} never reached {expected}; last {last}.");
    }

    [Fact]
    public async Task Tools_prints_the_TypeScript_declaration_of_the_registered_tools()
    {
        HostProcess tools = await HostProcess.RunAsync(this.home.Root, null, "tools", "--typescript");
        Assert.Equal(0, tools.ExitCode);
        foreach (string name in new[] { "readFile", "listDir", "grep", "fileSearch", "exec", "applyPatch" })
        {
            Assert.Contains(name, tools.Stdout, StringComparison.Ordinal);
        }

        // What a script reads besides tools: its context and the error a failed call throws.
        Assert.Contains("declare const context: {", tools.Stdout, StringComparison.Ordinal);
        Assert.Contains("interface ToolError extends Error {", tools.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_tool_call_prints_its_code_and_message_on_the_progress_line_not_its_JSON()
    {
        string output = Path.Combine(this.home.Root, "missing.md");
        File.WriteAllText(output, Scripts.Block("try { await tools.readFile({ path: \"no \\\"such\\\" file.txt\" }); } catch (e) { return e.code; }"));
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", this.home.NewWorkspace(), "--json", "--store", this.home.Store);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        string failed = Assert.Single(run.Stderr.Split('\n'), line => line.StartsWith("< #1 readFile failed: ", StringComparison.Ordinal));
        Assert.StartsWith("< #1 readFile failed: tool-failed", failed, StringComparison.Ordinal);
        Assert.Contains("no \"such\" file.txt", failed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Code\"", failed, StringComparison.Ordinal);
        Assert.DoesNotContain("\\\"", failed, StringComparison.Ordinal);
    }
}
