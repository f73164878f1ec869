using System.Text.Json.Nodes;
using ScriptHarness.Host.Cli;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// The CLI against a hostile script, as child processes on a real store: a command built to spoof
/// the approval prompt is printed escaped everywhere, and a turn over the block cap is refused.
/// </summary>
public sealed class CliHardeningTests : IDisposable
{
    // The JavaScript escapes become the real characters of the program the script asks to run; the
    // policy names the program in its reason, which the prompt prints.
    private const string Payload = "./real-command\\u001b[2K\\r\\u001b]0;owned\\u0007\\u202etxt.exe\\b\\b\\b\\u009b2K\\u200b";

    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task A_command_that_spoofs_the_prompt_is_shown_escaped_in_progress_prompt_status_and_history()
    {
        string script = Path.Combine(this.home.Root, "spoof.md");
        File.WriteAllText(script, Scripts.Block($"return (await tools.exec({{ command: [\"{Payload}\", \"--flag\"] }})).exitCode;"));
        string runId;
        await using (HostProcess waiting = HostProcess.Start(this.home.Root, null, "run", script, "--workspace", this.home.NewWorkspace(), "--approve", "ask", "--store", this.home.Store))
        {
            // Standard input is closed: the prompt is printed, nobody answers, the run waits.
            await waiting.WaitForOutputAsync("no terminal to ask", TimeSpan.FromSeconds(90));
            string printed = waiting.Stdout + waiting.Stderr;
            AssertEscaped(printed);
            Assert.Contains("? run ", waiting.Stderr, StringComparison.Ordinal);
            Assert.Contains("needs approval: ", waiting.Stderr, StringComparison.Ordinal);
            string turnId = waiting.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];
            runId = turnId + "-b0";
            waiting.Kill();
        }

        HostProcess status = await HostProcess.RunAsync(this.home.Root, null, "status", runId, "--store", this.home.Store);
        Assert.True(status.ExitCode == 0, status.Stderr);
        AssertNoRawControls(status.Stdout + status.Stderr);
        Assert.Contains("real-command", status.Stdout, StringComparison.Ordinal);

        HostProcess history = await HostProcess.RunAsync(this.home.Root, null, "history", runId, "--store", this.home.Store);
        Assert.True(history.ExitCode == 0, history.Stderr);
        AssertNoRawControls(history.Stdout + history.Stderr);
    }

    [Fact]
    public async Task A_turn_over_the_block_cap_is_refused_with_limit_exceeded_and_starts_nothing()
    {
        string output = Path.Combine(this.home.Root, "many.md");
        File.WriteAllText(output, string.Join("\n", Enumerable.Range(0, 17).Select(i => Scripts.Block($"return {i};"))));

        HostProcess json = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", this.home.NewWorkspace(), "--json", "--store", this.home.Store);
        Assert.True(json.ExitCode == 6, $"exit {json.ExitCode}\n{json.Stdout}\n{json.Stderr}");
        JsonNode refused = JsonNode.Parse(json.Stdout.Trim())!;
        Assert.Equal("refused", refused["status"]!.GetValue<string>());
        Assert.Equal("limit-exceeded", refused["error"]!["code"]!.GetValue<string>());
        Assert.Equal("blocksPerTurn", refused["error"]!["detail"]!.GetValue<string>());

        HostProcess text = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", this.home.NewWorkspace(), "--store", this.home.Store);
        Assert.Equal(6, text.ExitCode);
        Assert.Contains("refused (limit-exceeded)", text.Stderr, StringComparison.Ordinal);

        HostProcess list = await HostProcess.RunAsync(this.home.Root, null, "list", "--store", this.home.Store);
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Equal(string.Empty, list.Stdout.Trim());
    }

    [Fact]
    public async Task The_block_cap_is_read_from_host_json()
    {
        this.home.WriteHostJson(new JsonObject { ["orchestrations"] = new JsonObject { ["maxBlocksPerTurn"] = 2 } });
        string output = Path.Combine(this.home.Root, "three.md");
        File.WriteAllText(output, string.Join("\n", Enumerable.Range(0, 3).Select(i => Scripts.Block($"return {i};"))));
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--json", "--config", this.home.HostJson, "--store", this.home.Store);
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("at most 2 are allowed", JsonNode.Parse(run.Stdout.Trim())!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        this.home.WriteHostJson(new JsonObject { ["orchestrations"] = new JsonObject { ["maxBlocksPerTurn"] = 0 } });
        HostProcess invalid = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--config", this.home.HostJson, "--store", this.home.Store);
        Assert.Equal(78, invalid.ExitCode);
        Assert.Contains("maxBlocksPerTurn", invalid.Stderr, StringComparison.Ordinal);
    }

    private static void AssertEscaped(string printed)
    {
        AssertNoRawControls(printed);
        Assert.Contains("real-command", printed, StringComparison.Ordinal);
        // The whole program name, every hostile character in its visible form, in the reason line.
        Assert.Contains("needs approval: './real-command\\x1b[2K\\r\\x1b]0;owned\\x07\\u202etxt.exe\\b\\b\\b\\u009b2K\\u200b'", printed, StringComparison.Ordinal);
        Assert.Contains("awaits approval: './real-command\\x1b[2K\\r", printed, StringComparison.Ordinal);
    }

    private static void AssertNoRawControls(string printed)
    {
        foreach (char c in printed)
        {
            // Line breaks are the output's own; the captured streams are split on them.
            Assert.True(c is '\n' or '\r' || !TerminalText.MustEscape(c), $"raw U+{(int)c:X4} reached the terminal:\n{printed}");
        }
    }
}
