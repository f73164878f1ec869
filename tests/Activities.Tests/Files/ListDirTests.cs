using System.Text.Json;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Files;

public sealed class ListDirTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ListDirTool tool = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task Lists_one_level_in_name_order_with_types_and_sizes()
    {
        this.ws.Write("b.txt", "12345");
        this.ws.Write("a/inner.txt", "x");
        this.ws.Write(".hidden", "h");
        this.ws.Symlink("link", this.ws.PathOf("b.txt"));

        JsonElement result = await this.ws.Invoke(this.tool, new { });

        Assert.Equal([".hidden", "a", "b.txt", "link"], result.Items("entries").Select(e => e.Str("path")).ToArray());
        Assert.Equal(["file", "dir", "file", "symlink"], result.Items("entries").Select(e => e.Str("type")).ToArray());
        Assert.Equal(5, result.Items("entries")[2].Int("size"));
        Assert.False(result.Bool("truncated"));
    }

    [Fact]
    public async Task Depth_descends_into_subdirectories_but_not_into_git()
    {
        this.ws.Write("src/app/main.cs", "m");
        this.ws.Write(".git/HEAD", "ref");

        JsonElement one = await this.ws.Invoke(this.tool, new { path = "src" });
        JsonElement three = await this.ws.Invoke(this.tool, new { depth = 3 });

        Assert.Equal(["src/app"], one.Items("entries").Select(e => e.Str("path")).ToArray());
        string[] paths = three.Items("entries").Select(e => e.Str("path")).ToArray();
        Assert.Contains("src/app/main.cs", paths);
        Assert.Contains(".git", paths);
        Assert.DoesNotContain(".git/HEAD", paths);
    }

    [Fact]
    public async Task Limit_truncates_the_listing()
    {
        for (int i = 0; i < 20; i++)
        {
            this.ws.Write($"f{i:D2}.txt", "x");
        }

        JsonElement result = await this.ws.Invoke(this.tool, new { limit = 5 });

        Assert.Equal(5, result.Items("entries").Length);
        Assert.True(result.Bool("truncated"));
    }

    [Fact]
    public async Task Errors_are_typed()
    {
        this.ws.Write("file.txt", "x");

        Assert.Equal(ToolErrorDetails.FileNotFound, (await this.ws.Fails(this.tool, new { path = "nope" })).Detail);
        Assert.Equal(ToolErrorDetails.NotADirectory, (await this.ws.Fails(this.tool, new { path = "file.txt" })).Detail);
        Assert.Equal(ToolErrorDetails.InvalidArgument, (await this.ws.Fails(this.tool, new { depth = 11 })).Detail);
        Assert.Equal(ToolErrorDetails.InvalidArgument, (await this.ws.Fails(this.tool, new { limit = 0 })).Detail);
    }
}
