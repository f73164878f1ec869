using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Declarations;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Mcp;

/// <summary>
/// Scripts calling real MCP servers (server-everything, server-filesystem) through durable runs:
/// each call an activity, approvals from the servers' annotations, results mapped to JSON.
/// </summary>
[Collection(McpHarnessCollection.Name)]
public class McpToolTests(McpHarnessFixture fixture) : HarnessTestBase(fixture)
{
    private McpHarnessFixture Mcp => (McpHarnessFixture)this.Fixture;

    [Fact]
    public async Task F15_an_MCP_tool_is_callable_as_tools_mcp_server_tool()
    {
        RunView done = await this.RunToEndAsync("""
            const echo = await tools.mcp.everything.echo({ message: 'hello' });
            const sum = await tools.mcp.everything.getSum({ a: 2, b: 3 });
            const same = await tools.mcp.everything['get-sum']({ a: 20, b: 22 });
            return { echo: echo.text, sum: sum.text, same: same.text, server: echo.server.implementation, schema: echo.tool.schemaSha256 };
            """);

        Assert.True(done.Output is not null, $"{done.RuntimeStatus} {done.Failure}");
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        JsonElement result = done.Output.Report.Result!.Value;
        Assert.Equal("Echo: hello", result.GetProperty("echo").GetString());
        Assert.Contains(" 5", result.GetProperty("sum").GetString(), StringComparison.Ordinal);
        Assert.Contains("42", result.GetProperty("same").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(result.GetProperty("server").GetString()));
        Assert.Equal(64, result.GetProperty("schema").GetString()!.Length);
        Assert.Equal(["mcp.everything.echo", "mcp.everything.get-sum", "mcp.everything.get-sum"], done.Output.Report.Calls.Select(c => c.Tool));
    }

    [Fact]
    public async Task Promise_all_runs_MCP_calls_of_two_servers_and_a_write_waits_for_approval()
    {
        string id = await this.StartAsync("""
            const [sum, written, structured] = await Promise.all([
              tools.mcp.everything.getSum({ a: 1, b: 2 }),
              tools.mcp.fs.writeFile({ path: context.mcpFolder, content: 'from a script' }),
              tools.mcp.everything.getStructuredContent({ location: 'Chicago' }),
            ]);
            const read = await tools.mcp.fs.readTextFile({ path: context.mcpFolder });
            return { sum: sum.text, written: written.text, read: read.text, temperature: typeof structured.structured.temperature };
            """.Replace("context.mcpFolder", JsonSerializer.Serialize(Path.Combine(this.Mcp.Files, "note.txt")), StringComparison.Ordinal));

        // write_file is not read-only: the policy asks; the read-only calls ran meanwhile.
        RunStatus waiting = await this.WaitForPendingAsync(id, 2);
        Assert.Equal("mcp.fs.write_file", Assert.Single(waiting.Pending).Tool);
        Assert.False(File.Exists(Path.Combine(this.Mcp.Files, "note.txt")));

        await this.Runs.DecideAsync(id, 2, Approve());
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        JsonElement result = done.Output.Report.Result!.Value;
        Assert.Contains("3", result.GetProperty("sum").GetString(), StringComparison.Ordinal);
        Assert.Equal("from a script", result.GetProperty("read").GetString());
        Assert.Equal("number", result.GetProperty("temperature").GetString());
        Assert.Equal("from a script", await File.ReadAllTextAsync(Path.Combine(this.Mcp.Files, "note.txt")));
    }

    [Fact]
    public async Task A_tool_error_is_a_typed_failure_the_script_catches()
    {
        RunView done = await this.RunToEndAsync("""
            try {
              await tools.mcp.fs.readTextFile({ path: '/etc/passwd' });
              return 'read it';
            } catch (e) {
              return { code: e.code, detail: e.detail, retryable: e.retryable, message: e.message };
            }
            """);

        JsonElement result = done.Output!.Report.Result!.Value;
        Assert.Equal("tool-failed", result.GetProperty("code").GetString());
        Assert.Equal("mcp-tool-error", result.GetProperty("detail").GetString());
        Assert.False(result.GetProperty("retryable").GetBoolean());
        Assert.Contains("denied", result.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Arguments_are_checked_against_the_servers_schema_before_anything_is_scheduled()
    {
        RunView done = await this.RunToEndAsync("""
            try { await tools.mcp.everything.getSum({ a: 'two', b: 3 }); } catch (e) { return e.message; }
            """);

        Assert.Contains("args.a must be a number, got a string.", done.Output!.Report.Result!.Value.GetString(), StringComparison.Ordinal);
        Assert.Empty(done.Output.Report.Calls);
    }

    [Fact]
    public async Task Images_come_by_reference_and_progress_is_counted()
    {
        RunView done = await this.RunToEndAsync("""
            const image = await tools.mcp.everything.getTinyImage({});
            const long = await tools.mcp.everything.triggerLongRunningOperation({ duration: 1, steps: 3 });
            const picture = image.content.find(c => c.type === 'image');
            return { mime: picture.mimeType, bytes: picture.bytes, sha: picture.sha256.length, data: picture.data === undefined, progress: long.progress.notifications, text: long.text };
            """);

        JsonElement result = done.Output!.Report.Result!.Value;
        Assert.Equal("image/png", result.GetProperty("mime").GetString());
        Assert.True(result.GetProperty("bytes").GetInt32() > 0);
        Assert.Equal(64, result.GetProperty("sha").GetInt32());
        Assert.True(result.GetProperty("data").GetBoolean());
        // The server sends one notification per step; the last may arrive after the response, which ends the count.
        Assert.InRange(result.GetProperty("progress").GetInt32(), 1, 3);
        Assert.Contains("completed", result.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_servers_read_only_hint_is_ignored_and_the_call_asks()
    {
        string id = await this.StartAsync("return (await tools.mcp.untrusted.echo({ message: 'x' })).text;");

        RunStatus waiting = await this.WaitForPendingAsync(id, 1);
        Assert.Equal("mcp.untrusted.echo", Assert.Single(waiting.Pending).Tool);
        await this.Runs.DecideAsync(id, 1, Deny());
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal(ScriptRunStatus.Failed, done.Output!.Report.Status);
    }

    [Fact]
    public async Task A_host_rule_names_an_MCP_tool_by_its_id_and_overrides_its_read_only_hint()
    {
        RunView done = await this.RunToEndAsync("""
            try { await tools.mcp.everything.getEnv({}); return 'ran'; } catch (e) { return [e.code, e.message]; }
            """);

        JsonElement result = done.Output!.Report.Result!.Value;
        Assert.Equal("approval-denied", result[0].GetString());
        Assert.Contains("no environment dumps", result[1].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_declaration_shows_the_alias_the_original_name_and_the_output_schema()
    {
        string declaration = ToolDeclarationGenerator.Generate(this.Fixture.Services.GetRequiredService<ToolRegistry>().Descriptors);

        Assert.True(declaration.Contains("readonly mcp: {", StringComparison.Ordinal), declaration);
        Assert.Contains("readonly mcp: {", declaration, StringComparison.Ordinal);
        Assert.Contains("readonly everything: {", declaration, StringComparison.Ordinal);
        Assert.Contains("getSum(args: McpEverythingGetSumArgs): Promise<McpEverythingGetSumResult>;", declaration, StringComparison.Ordinal);
        Assert.Contains("Also tools.mcp.everything[\"get-sum\"].", declaration, StringComparison.Ordinal);
        Assert.Contains("temperature: number;", declaration, StringComparison.Ordinal);
        Assert.Contains("readTextFile(args: McpFsReadTextFileArgs)", declaration, StringComparison.Ordinal);
    }
}
