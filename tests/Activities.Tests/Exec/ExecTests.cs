using System.Text.Json;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Exec;

public sealed class ExecTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ExecTool tool = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task An_argv_array_runs_directly_without_a_shell()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { command = new[] { "echo", "$HOME", "a b" } });

        Assert.Equal(0, result.Int("exitCode"));
        Assert.Equal("$HOME a b\n", result.Str("stdout"));
        Assert.False(result.Bool("timedOut"));
        Assert.False(result.Bool("truncated"));
    }

    [Fact]
    public async Task F23_exec_stdout_and_stderr_are_captured_and_returned()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { command = new[] { "sh", "-c", "printf 'to out\\n'; printf 'to err\\n' >&2; printf 'more out'" } });

        Assert.Equal(0, result.Int("exitCode"));
        Assert.Equal("to out\nmore out", result.Str("stdout"));
        Assert.Equal("to err\n", result.Str("stderr"));
        Assert.False(result.Bool("truncated"));
    }

    [Fact]
    public async Task A_string_runs_through_the_shell_and_reports_exit_code_and_stderr()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { command = "echo out; echo err >&2; exit 3" });

        Assert.Equal(3, result.Int("exitCode"));
        Assert.Equal("out\n", result.Str("stdout"));
        Assert.Equal("err\n", result.Str("stderr"));
        Assert.True(result.Int("durationMs") >= 0);
    }

    [Fact]
    public async Task The_workspace_is_the_working_directory_and_cwd_is_confined_to_it()
    {
        Directory.CreateDirectory(this.ws.PathOf("sub/dir"));
        string root = Path.GetFullPath(this.ws.Root);

        JsonElement atRoot = await this.ws.Invoke(this.tool, new { command = "pwd -P" });
        JsonElement inSub = await this.ws.Invoke(this.tool, new { command = new[] { "pwd", "-P" }, cwd = "sub/dir" });

        Assert.Equal(root + "\n", atRoot.Str("stdout"));
        Assert.Equal(root + "/sub/dir\n", inSub.Str("stdout"));
        Assert.Equal(ToolErrorDetails.FileNotFound, (await this.ws.Fails(this.tool, new { command = "pwd", cwd = "missing" })).Detail);
    }

    [Fact]
    public async Task The_environment_is_fresh_plus_env()
    {
        Environment.SetEnvironmentVariable("SH_TEST_SECRET_TOKEN", "hunter2");
        try
        {
            JsonElement result = await this.ws.Invoke(this.tool, new { command = "env", env = new Dictionary<string, string> { ["MY_FLAG"] = "on" } });

            string env = result.Str("stdout");
            Assert.DoesNotContain("hunter2", env, StringComparison.Ordinal);
            Assert.Contains("MY_FLAG=on", env, StringComparison.Ordinal);
            Assert.Contains("PATH=", env, StringComparison.Ordinal);
            Assert.Contains("HOME=/tmp\n", env, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SH_TEST_SECRET_TOKEN", null);
        }
    }

    [Fact]
    public async Task Stdin_is_written_and_closed()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { command = new[] { "wc", "-l" }, stdin = "a\nb\nc\n" });

        Assert.Equal("3", result.Str("stdout").Trim());
    }

    [Fact]
    public async Task Without_stdin_a_reading_command_sees_end_of_input_instead_of_hanging()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { command = "cat; echo done", timeoutMs = 20_000 });

        Assert.Equal("done\n", result.Str("stdout"));
        Assert.False(result.Bool("timedOut"));
    }

    // Pids printed inside the sandbox belong to its own pid namespace: the children are found
    // from the host by a unique sleep duration in their command line instead.
    [Fact]
    public async Task A_timeout_kills_the_command_and_its_children()
    {
        string marker = HostProcesses.UniqueSleepSeconds();

        JsonElement result = await this.ws.Invoke(this.tool, new { command = $"sleep {marker} & echo started; wait", timeoutMs = 500 });

        Assert.True(result.Bool("timedOut"));
        Assert.NotEqual(0, result.Int("exitCode"));
        Assert.True(await HostProcesses.GoneSoon(marker), $"the child 'sleep {marker}' survived the timeout");
    }

    [Fact]
    public async Task Cancellation_kills_a_long_command_with_its_children_and_reports_cancelled()
    {
        string marker = HostProcesses.UniqueSleepSeconds();
        string ready = this.ws.PathOf("child.started");
        using var cancel = new CancellationTokenSource();
        Task<JsonElement> run = this.ws.Invoke(this.tool, new { command = $"sleep {marker} & touch child.started; sh -c 'sleep 300' ; wait", timeoutMs = 120_000 }, cancel.Token);
        await HostProcesses.WaitUntil(() => File.Exists(ready) && HostProcesses.AnyAlive(marker));

        cancel.Cancel();
        ToolException error = await Assert.ThrowsAsync<ToolException>(() => run);

        Assert.Equal(ScriptErrorCode.Cancelled, error.Error.Code);
        Assert.True(await HostProcesses.GoneSoon(marker), $"the child 'sleep {marker}' survived the cancellation");
    }

    [Fact]
    public async Task A_background_child_left_running_when_the_command_exits_is_killed()
    {
        string marker = HostProcesses.UniqueSleepSeconds();

        JsonElement result = await this.ws.Invoke(this.tool, new { command = $"sleep {marker} & echo started" });

        Assert.Equal(0, result.Int("exitCode"));
        Assert.Equal("started\n", result.Str("stdout"));
        Assert.True(await HostProcesses.GoneSoon(marker), $"the background 'sleep {marker}' outlived the command");
    }

    [Fact]
    public async Task Large_output_keeps_head_and_tail_with_a_marker()
    {
        var small = new ExecTool(new ExecOptions { MaxOutputBytes = 4096 });

        JsonElement result = await this.ws.Invoke(small, new { command = "echo FIRST; seq 1 100000; echo LAST" });

        string stdout = result.Str("stdout");
        Assert.True(result.Bool("truncated"));
        Assert.StartsWith("FIRST\n1\n2\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("99999\n100000\nLAST\n", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n… \[\d+ bytes omitted\] …\n", stdout);
        Assert.True(stdout.Length < 4200);
    }

    [Fact]
    public async Task Output_at_the_default_cap_is_bounded_for_both_streams()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { command = "head -c 3000000 /dev/zero | tr '\\0' 'x'; head -c 3000000 /dev/zero | tr '\\0' 'y' >&2" });

        Assert.True(result.Bool("truncated"));
        Assert.InRange(result.Str("stdout").Length, 256 * 1024, (256 * 1024) + 100);
        Assert.InRange(result.Str("stderr").Length, 256 * 1024, (256 * 1024) + 100);
    }

    [Fact]
    public async Task Non_utf8_output_is_decoded_with_replacement_characters()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { command = "printf 'ok \\377\\376 caf\\303\\251\\n'" });

        Assert.Equal("ok \uFFFD\uFFFD café\n", result.Str("stdout"));
    }

    [Fact]
    public async Task A_missing_program_fails_with_exec_start_failed()
    {
        ToolException error = await this.ws.Fails(this.tool, new { command = new[] { "definitely-not-a-program-xyz" } });

        Assert.Equal(ToolErrorDetails.ExecStartFailed, error.Detail);
        Assert.Equal(ScriptErrorCode.ToolFailed, error.Error.Code);
    }

    [Theory]
    [InlineData("{}", ToolErrorDetails.MissingArgument)]
    [InlineData("""{"command": ""}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": []}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": [1, 2]}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": "ls", "timeoutMs": 0}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": "ls", "timeoutMs": 99999999}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": "ls", "env": {"A": 1}}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": "ls", "env": {"A=B": "x"}}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": "ls", "env": {"GIT_CONFIG_COUNT": "0"}}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": "ls", "env": {"GIT_EXTERNAL_DIFF": "/tmp/x"}}""", ToolErrorDetails.InvalidArgument)]
    [InlineData("""{"command": "ls", "shell": true}""", ToolErrorDetails.UnknownArgument)]
    [InlineData("""["ls"]""", ToolErrorDetails.InvalidArgument)]
    public async Task Bad_arguments_fail_validation(string args, string detail)
    {
        var invocation = new ToolInvocation("k", 1, this.ws.Root, JsonDocument.Parse(args).RootElement.Clone());

        ToolException error = await Assert.ThrowsAsync<ToolException>(() => this.tool.InvokeAsync(invocation, default));

        Assert.Equal(ScriptErrorCode.ToolValidation, error.Error.Code);
        Assert.Equal(detail, error.Detail);
    }
}
