using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Durable.Crash;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Workers;
using ScriptHarness.Tests.Durable.TestWorker;

namespace ScriptHarness.Tests.Durable.Mcp;

/// <summary>
/// A script calling the real server-everything with <c>Promise.all</c>, then pausing on an
/// approval; the worker process is SIGKILLed while the run waits; a new worker (with its own
/// server) resumes it after the approval, and the MCP calls completed before the kill are not
/// made again.
/// </summary>
public sealed class McpWorkerKillTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private const string Script = """
        const [echo, sum] = await Promise.all([
          tools.mcp.everything.echo({ message: 'before' }),
          tools.mcp.everything.getSum({ a: 40, b: 2 }),
        ]);
        const note = await tools.note({ step: 1 });
        const after = await tools.mcp.everything['echo']({ message: 'after' });
        return [echo.text, sum.text, after.text, note.pid].join('|');
        """;

    private readonly SqliteWorkerBackend backend = new();
    private readonly string folder = Directory.CreateTempSubdirectory("scriptharness-mcp-kill-").FullName;
    private readonly string marker = $"mcp-kill-{Guid.NewGuid():N}";
    private readonly List<TestWorkerProcess> workers = [];

    [Fact]
    public async Task A_run_paused_after_MCP_calls_survives_a_SIGKILL_of_its_worker_and_resumes_on_the_next()
    {
        WorkerStore store = this.backend.NewStore("mcp-kill", partitions: 1, TimeSpan.FromSeconds(10))
            .With([.. this.backend.RestartedWorkerSettings.Select(kv => (kv.Key, kv.Value))])
            .With(
                ("orchestrations:prewarmedSandboxes", "0"),
                ("mcp:servers:everything:command", "node"),
                ("mcp:servers:everything:args:0", ServerScript()),
                ("mcp:servers:everything:args:1", "stdio"),
                ("mcp:servers:everything:args:2", this.marker),
                ("mcp:servers:everything:trust", "true"));
        await using StoreClient client = StoreClient.Create(store);
        TestWorkerProcess first = await this.StartWorkerAsync(store);
        int firstServer = ServerPid(this.marker);

        string id = $"mcp-kill-{Guid.NewGuid():N}";
        ScriptRunInput input = new(Script, new RunContext("mcp", "kill", 0, this.folder))
        {
            Tools = ["note", "mcp.everything.echo", "mcp.everything.get-sum"],
        };
        await client.Client.ScheduleNewOrchestrationInstanceAsync(
            OrchestratorNames.ScriptRun, input, new StartOrchestrationOptions(id) { Version = ReplayContract.VersionOf(ReplayContract.Current) });
        OrchestrationMetadata paused = await client.WaitUntilAsync(id, m => m.SerializedCustomStatus?.Contains("awaitingApproval", StringComparison.Ordinal) == true || m.IsCompleted, Patience);
        Assert.False(paused.IsCompleted, $"{paused.RuntimeStatus}: {paused.SerializedOutput}\n{first.Log}");

        await first.KillAsync();
        // The server saw its stdin close with the worker: no orphan is left.
        Assert.True(await ExitsAsync(firstServer), "the MCP server outlived its killed worker");

        TestWorkerProcess second = await this.StartWorkerAsync(store);
        await client.Client.RaiseEventAsync(id, RunEvents.Approval(3), new ApprovalDecision(DecisionVerdict.Approve, DecidedBy: "mcp-test"));
        OrchestrationMetadata done = await client.WaitUntilAsync(id, m => m.IsCompleted, Patience);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus} {done.FailureDetails?.ErrorMessage}\n{second.Log}");
        ScriptRunOutput output = done.ReadOutputAs<ScriptRunOutput>()!;
        Assert.Equal(ScriptRunStatus.Completed, output.Report.Status);
        string[] parts = output.Report.Result!.Value.GetString()!.Split('|');
        Assert.Equal("Echo: before", parts[0]);
        Assert.Contains("42", parts[1], StringComparison.Ordinal);
        Assert.Equal("Echo: after", parts[2]);
        Assert.Equal(second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), parts[3]);
        Assert.Equal(["mcp.everything.echo", "mcp.everything.get-sum", "note", "mcp.everything.echo"], output.Report.Calls.Select(c => c.Tool));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (TestWorkerProcess worker in this.workers)
        {
            await worker.DisposeAsync();
        }

        this.backend.Dispose();
        try
        {
            Directory.Delete(this.folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<TestWorkerProcess> StartWorkerAsync(WorkerStore store)
    {
        TestWorkerProcess worker = await TestWorkerProcess.StartAsync(store, Path.Combine(this.folder, "effects"), new Dictionary<string, string> { ["scriptRuns"] = "true" });
        this.workers.Add(worker);
        return worker;
    }

    private static int ServerPid(string marker)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        throw new InvalidOperationException("The MCP server process was not found.");
    }

    private static async Task<bool> ExitsAsync(int pid)
    {
        for (int i = 0; i < 200; i++)
        {
            try
            {
                if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static string ServerScript()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("@modelcontextprotocol/server-everything is not installed: run npm ci at the repository root.");
    }
}
