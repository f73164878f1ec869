using System.Text.Json;
using ScriptHarness.Activities.Search;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Search;

public sealed class GrepTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly GrepTool tool = new();

    public void Dispose() => this.ws.Dispose();

    private static string[] Hits(JsonElement result) =>
        result.Items("matches").Select(m => $"{m.Str("path")}:{m.Int("line")}:{m.Str("text")}").ToArray();

    [Fact]
    public async Task Finds_matching_lines_with_path_line_and_text_files_before_subdirectories()
    {
        this.ws.Write("b.cs", "class B\n{\n    void Run() { }\n}\n");
        this.ws.Write("a/a.cs", "// Run here\nint x;\nRun();\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { pattern = @"Run\(" });

        Assert.Equal(["b.cs:3:    void Run() { }", "a/a.cs:3:Run();"], Hits(result));
        Assert.False(result.Bool("truncated"));
        Assert.Equal(2, result.Int("filesSearched"));
    }

    [Fact]
    public async Task Anchors_match_at_line_boundaries_and_one_line_is_reported_once()
    {
        this.ws.Write("a.txt", "foo foo foo\nbar foo\r\nfoo\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { pattern = "^foo" });
        JsonElement all = await this.ws.Invoke(this.tool, new { pattern = "foo" });

        Assert.Equal(["a.txt:1:foo foo foo", "a.txt:3:foo"], Hits(result));
        Assert.Equal(3, all.Items("matches").Length);
    }

    [Fact]
    public async Task Case_insensitive_search_is_opt_in()
    {
        this.ws.Write("a.txt", "Hello\nhello\n");

        Assert.Single((await this.ws.Invoke(this.tool, new { pattern = "hello" })).Items("matches"));
        Assert.Equal(2, (await this.ws.Invoke(this.tool, new { pattern = "hello", caseSensitive = false })).Items("matches").Length);
    }

    [Fact]
    public async Task Path_and_glob_narrow_the_search()
    {
        this.ws.Write("src/a.ts", "needle\n");
        this.ws.Write("src/b.tsx", "needle\n");
        this.ws.Write("src/c.js", "needle\n");
        this.ws.Write("test/d.ts", "needle\n");

        string[] ts = Hits(await this.ws.Invoke(this.tool, new { pattern = "needle", glob = "*.{ts,tsx}" }));
        string[] src = Hits(await this.ws.Invoke(this.tool, new { pattern = "needle", path = "src", glob = "*.ts" }));
        string[] file = Hits(await this.ws.Invoke(this.tool, new { pattern = "needle", path = "src/c.js" }));
        string[] anchored = Hits(await this.ws.Invoke(this.tool, new { pattern = "needle", glob = "test/**/*.ts" }));

        Assert.Equal(["src/a.ts:1:needle", "src/b.tsx:1:needle", "test/d.ts:1:needle"], ts);
        Assert.Equal(["src/a.ts:1:needle"], src);
        Assert.Equal(["src/c.js:1:needle"], file);
        Assert.Equal(["test/d.ts:1:needle"], anchored);
    }

    [Fact]
    public async Task Gitignored_files_binary_files_and_the_git_directory_are_skipped()
    {
        this.ws.Write(".gitignore", "build/\n*.log\n!keep.log\n");
        this.ws.Write("build/out.txt", "needle\n");
        this.ws.Write("debug.log", "needle\n");
        this.ws.Write("keep.log", "needle\n");
        this.ws.Write("sub/.gitignore", "local.txt\n");
        this.ws.Write("sub/local.txt", "needle\n");
        this.ws.Write("sub/other.txt", "needle\n");
        this.ws.Write("blob.bin", [(byte)'n', (byte)'e', (byte)'e', (byte)'d', (byte)'l', (byte)'e', 0, 1]);
        this.ws.Write(".git/config", "needle\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { pattern = "needle" });

        Assert.Equal(["keep.log", "sub/other.txt"], result.Items("matches").Select(m => m.Str("path")).ToArray());
    }

    [Fact]
    public async Task Limit_truncates_the_results()
    {
        this.ws.Write("a.txt", string.Join("\n", Enumerable.Repeat("hit", 50)) + "\n");
        this.ws.Write("b.txt", "hit\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { pattern = "hit", limit = 10 });

        Assert.Equal(10, result.Items("matches").Length);
        Assert.True(result.Bool("truncated"));
    }

    [Fact]
    public async Task Many_files_are_searched_in_parallel_and_still_reported_in_name_order()
    {
        for (int i = 0; i < 300; i++)
        {
            this.ws.Write($"d{i % 3}/f{i:D3}.txt", i % 7 == 0 ? $"match {i}\n" : "nothing\n");
        }

        JsonElement result = await this.ws.Invoke(this.tool, new { pattern = "match", limit = 1000 });

        string[] paths = result.Items("matches").Select(m => m.Str("path")).ToArray();
        Assert.Equal(43, paths.Length);
        Assert.Equal(paths.Order(StringComparer.Ordinal).ToArray(), paths);
    }

    [Fact]
    public async Task Non_utf8_content_is_searched_and_returned_with_replacement_characters()
    {
        this.ws.Write("latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)' ', (byte)'x', (byte)'\n']);

        JsonElement result = await this.ws.Invoke(this.tool, new { pattern = "caf. x" });

        Assert.Equal(["latin1.txt:1:caf\uFFFD x"], Hits(result));
    }

    [Fact]
    public async Task A_catastrophic_pattern_fails_with_regex_timeout_instead_of_hanging()
    {
        this.ws.Write("a.txt", new string('a', 5000) + "!\n");
        var quick = new GrepTool(timeoutMs: 200);

        ToolException error = await this.ws.Fails(quick, new { pattern = "^(a+)+$" });

        Assert.Equal(ToolErrorDetails.RegexTimeout, error.Detail);
    }

    [Fact]
    public async Task A_catastrophic_pattern_searched_in_parallel_still_fails_with_a_typed_error()
    {
        for (int i = 0; i < 12; i++)
        {
            this.ws.Write($"many/f{i}.txt", new string('a', 5000) + "!\n");
        }

        ToolException error = await this.ws.Fails(new GrepTool(timeoutMs: 200), new { pattern = "^(a+)+$" });

        Assert.Equal(ToolErrorDetails.RegexTimeout, error.Detail);
    }

    [Fact]
    public async Task Errors_are_typed()
    {
        ToolException regex = await this.ws.Fails(this.tool, new { pattern = "([a-" });
        Assert.Equal((ScriptErrorCode.ToolValidation, ToolErrorDetails.InvalidRegex), (regex.Error.Code, regex.Detail));
        Assert.Equal(ToolErrorDetails.MissingArgument, (await this.ws.Fails(this.tool, new { pattern = "" })).Detail);
        Assert.Equal(ToolErrorDetails.FileNotFound, (await this.ws.Fails(this.tool, new { pattern = "x", path = "nope" })).Detail);
        Assert.Equal(ToolErrorDetails.InvalidArgument, (await this.ws.Fails(this.tool, new { pattern = "x", limit = 0 })).Detail);
    }
}
