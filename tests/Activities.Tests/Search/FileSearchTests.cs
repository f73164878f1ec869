using System.Text.Json;
using ScriptHarness.Activities.Search;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Search;

public sealed class FileSearchTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly FileSearchTool tool = new();

    public void Dispose() => this.ws.Dispose();

    private async Task<string[]> Find(string query, int limit = 50) =>
        (await this.ws.Invoke(this.tool, new { query, limit })).Items("matches").Select(m => m.Str("path")).ToArray();

    [Fact]
    public async Task Fuzzy_query_finds_paths_whose_characters_appear_in_order()
    {
        this.ws.Write("src/Controllers/UserController.cs", "");
        this.ws.Write("src/Models/User.cs", "");
        this.ws.Write("docs/readme.md", "");

        string[] found = await this.Find("usrctl");

        Assert.Equal(["src/Controllers/UserController.cs"], found);
    }

    [Fact]
    public async Task An_exact_file_name_ranks_first_and_shorter_paths_win_ties()
    {
        this.ws.Write("deep/nested/folder/config.json", "");
        this.ws.Write("config.json", "");
        this.ws.Write("app/configuration.json", "");
        this.ws.Write("con/fig/x.json", "");

        string[] found = await this.Find("config.json");

        Assert.Equal("config.json", found[0]);
        Assert.Equal("deep/nested/folder/config.json", found[1]);
        Assert.Contains("app/configuration.json", found);
    }

    [Fact]
    public async Task Word_starts_beat_scattered_matches()
    {
        this.ws.Write("lib/ReadFileTool.cs", "");
        this.ws.Write("lib/thread/rfxtool.cs", "");

        string[] found = await this.Find("RFT");

        Assert.Equal("lib/ReadFileTool.cs", found[0]);
    }

    [Fact]
    public async Task Gitignored_paths_are_not_returned()
    {
        this.ws.Write(".gitignore", "node_modules/\n/dist\n");
        this.ws.Write("node_modules/pkg/index.js", "");
        this.ws.Write("dist/index.js", "");
        this.ws.Write("src/dist/index.js", "");
        this.ws.Write("src/index.js", "");

        string[] found = await this.Find("index");

        Assert.Equal(["src/index.js", "src/dist/index.js"], found);
    }

    [Fact]
    public async Task Limit_keeps_the_best_and_reports_the_total()
    {
        for (int i = 0; i < 30; i++)
        {
            this.ws.Write($"f/file{i:D2}.txt", "");
        }

        JsonElement result = await this.ws.Invoke(this.tool, new { query = "file", limit = 5 });

        Assert.Equal(5, result.Items("matches").Length);
        Assert.Equal(30, result.Int("totalMatches"));
        Assert.True(result.Bool("truncated"));
    }

    [Fact]
    public async Task Results_are_stable_across_calls()
    {
        for (int i = 0; i < 50; i++)
        {
            this.ws.Write($"d{i % 5}/item{i}.cs", "");
        }

        Assert.Equal(await this.Find("item"), await this.Find("item"));
    }

    [Fact]
    public async Task Errors_are_typed()
    {
        Assert.Equal(ToolErrorDetails.MissingArgument, (await this.ws.Fails(this.tool, new { query = "   " })).Detail);
        Assert.Equal(ToolErrorDetails.MissingArgument, (await this.ws.Fails(this.tool, new { })).Detail);
        Assert.Equal(ToolErrorDetails.InvalidArgument, (await this.ws.Fails(this.tool, new { query = "a", limit = 5000 })).Detail);
    }
}
