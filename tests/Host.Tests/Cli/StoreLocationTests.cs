using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// Where the CLI keeps its runs: one per-user store found from any folder, a host.json's relative
/// path taken from host.json's folder, and reading verbs that never create an empty store.
/// </summary>
public sealed class StoreLocationTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task Without_host_json_or_store_a_run_lands_in_the_user_data_folder_and_list_finds_it_from_another_folder()
    {
        string data = Path.Combine(this.home.Root, "user-data");
        Dictionary<string, string?> user = new() { ["XDG_DATA_HOME"] = data };
        string projectA = Directory.CreateDirectory(Path.Combine(this.home.Root, "project-a")).FullName;
        string projectB = Directory.CreateDirectory(Path.Combine(this.home.Root, "project-b")).FullName;
        string output = Path.Combine(projectA, "out.md");
        File.WriteAllText(output, Scripts.Block("return 42;"));

        HostProcess run = await HostProcess.RunAsync(projectA, user, "run", output, "--workspace", this.home.NewWorkspace(), "--json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        string store = Path.Combine(data, "scriptharness", "harness.db");
        Assert.Contains($"store: sqlite at {store}", run.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(store));
        Assert.False(Directory.Exists(Path.Combine(projectA, ".scriptharness")));
        string runId = JsonNode.Parse(run.Stdout.Trim())!["instanceId"]!.GetValue<string>();

        HostProcess list = await HostProcess.RunAsync(projectB, user, "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(runId, list.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("attach")]
    public async Task A_reading_verb_on_a_store_that_does_not_exist_refuses_and_creates_nothing(string verb)
    {
        string mistyped = Path.Combine(this.home.Root, "harnes.db");
        string[] args = verb == "list" ? ["list", "--store", mistyped] : [verb, "sh-0000000000000000-0", "--store", mistyped];

        HostProcess read = await HostProcess.RunAsync(this.home.Root, null, args);

        Assert.True(read.ExitCode == 78, $"exit {read.ExitCode}\nstdout:\n{read.Stdout}\nstderr:\n{read.Stderr}");
        Assert.Contains($"no store at {mistyped}", read.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(mistyped));
    }

    [Fact]
    public async Task A_relative_store_path_in_host_json_is_taken_from_host_jsons_folder_not_the_working_directory()
    {
        string configDir = Directory.CreateDirectory(Path.Combine(this.home.Root, "config")).FullName;
        string hostJson = Path.Combine(configDir, "host.json");
        File.WriteAllText(hostJson, new JsonObject
        {
            ["host"] = new JsonObject { ["workspaceRoots"] = new JsonArray(this.home.Root) },
            ["durable"] = new JsonObject { ["sqlite"] = new JsonObject { ["databasePath"] = "./state/runs.db" } },
        }.ToJsonString());
        string elsewhere = Directory.CreateDirectory(Path.Combine(this.home.Root, "elsewhere")).FullName;
        string output = Path.Combine(elsewhere, "out.md");
        File.WriteAllText(output, Scripts.Block("return 1;"));

        HostProcess run = await HostProcess.RunAsync(elsewhere, null, "run", output, "--workspace", this.home.NewWorkspace(), "--json", "--config", hostJson);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        Assert.True(File.Exists(Path.Combine(configDir, "state", "runs.db")));
        Assert.False(Directory.Exists(Path.Combine(elsewhere, "state")));
    }
}
