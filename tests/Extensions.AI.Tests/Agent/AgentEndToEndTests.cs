using System.Diagnostics;

namespace ScriptHarness.Tests.Extensions.AI.Agent;

/// <summary>
/// examples/agent end to end: the real OpenAI .NET client over HTTP to a replay server serving
/// recorded Chat Completions responses; the agent pauses before its edit and exits, a new agent
/// process approves from the saved conversation, and the durable run resumes and finishes.
/// </summary>
public sealed class AgentEndToEndTests : IAsyncLifetime
{
    private const string ApiKey = "sk-replay-test";
    private readonly string folder = Directory.CreateTempSubdirectory("meai-agent-").FullName;

    private string Workspace => Path.Combine(this.folder, "workspace");

    public Task InitializeAsync()
    {
        CopyDirectory(Path.Combine(Repo.Root, "examples", "workspace"), this.Workspace);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(this.folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_agent_pauses_before_its_edit_and_a_new_process_approves_and_finishes_it()
    {
        await using ReplayServer server = new(Path.Combine(Repo.Root, "examples", "agent", "fixtures", "fix-greeting.json"), ApiKey);
        string greet = Path.Combine(this.Workspace, "src", "greet.py");
        string before = await File.ReadAllTextAsync(greet);

        (int code, string stdout, string stderr) = await this.RunAgentAsync(server, "Fix greet so that an empty name greets the world.");

        Assert.True(code == 10, $"exit {code}\n{stdout}\n{stderr}\n{string.Join('\n', server.Problems)}");
        Assert.Contains("approval needed: applyPatch", stdout, StringComparison.Ordinal);
        Assert.Contains("the agent asks before every edit", stdout, StringComparison.Ordinal);
        Assert.Equal(2, server.Served);
        Assert.Equal(before, await File.ReadAllTextAsync(greet));

        // A new process, with nothing but the saved conversation and the store.
        (code, stdout, stderr) = await this.RunAgentAsync(server, "--approve");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}\n{string.Join('\n', server.Problems)}");
        Assert.Empty(server.Problems);
        Assert.Equal(3, server.Served);
        Assert.Contains("Fixed: `greet(\"\")` now returns \"Hello, world!\"", stdout, StringComparison.Ordinal);
        Assert.Contains("(name or \"world\")", await File.ReadAllTextAsync(greet), StringComparison.Ordinal);
        // The script call and its report reach the model as a tool call and its output.
        Assert.Contains("tool_call: script", server.Requests[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_edit_is_reported_to_the_model_and_the_file_is_untouched()
    {
        await using ReplayServer server = new(Path.Combine(Repo.Root, "examples", "agent", "fixtures", "fix-greeting.json"), ApiKey);
        string greet = Path.Combine(this.Workspace, "src", "greet.py");
        string before = await File.ReadAllTextAsync(greet);
        (int code, _, _) = await this.RunAgentAsync(server, "Fix greet so that an empty name greets the world.");
        Assert.Equal(10, code);

        (code, string stdout, string stderr) = await this.RunAgentAsync(server, "--deny");

        // The recorded third answer expects a completed patch: the denied run's report fails that
        // expectation, which is what shows the denial reached the model.
        Assert.NotEqual(0, code);
        Assert.Contains(server.Problems, p => p.Contains("request 3 lacks", StringComparison.Ordinal));
        Assert.Contains("approval-denied", server.Requests[^1], StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(greet));
        Assert.DoesNotContain(ApiKey, stdout + stderr, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAgentAsync(ReplayServer server, params string[] args)
    {
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = this.folder,
        };
        start.ArgumentList.Add(Repo.AgentDll);
        foreach (string arg in (string[])["--workspace", this.Workspace, "--conversation", Path.Combine(this.folder, "conversation.json"), "--store", Path.Combine(this.folder, "agent.db"), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["OPENAI_BASE_URL"] = server.BaseUrl;
        start.Environment["OPENAI_API_KEY"] = ApiKey;
        start.Environment["OPENAI_MODEL"] = "gpt-4.1";
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>Where the repository and the example agent's build output are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>examples/agent's build output in the tests' configuration.</summary>
    public static string AgentDll
    {
        get
        {
            DirectoryInfo output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string dll = Path.Combine(Root, "examples", "agent", "bin", output.Parent!.Name, output.Name, "ScriptHarness.Agent.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build examples/agent first: {dll} is missing.");
        }
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScriptHarness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ScriptHarness.sln not found above the test output.");
    }
}
