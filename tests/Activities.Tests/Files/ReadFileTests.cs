using System.Text.Json;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Files;

public sealed class ReadFileTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ReadFileTool tool = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task Reads_the_whole_file_by_default()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { path = "a.txt" });

        Assert.Equal("one\ntwo\nthree", result.Str("content"));
        Assert.Equal(1, result.Int("startLine"));
        Assert.Equal(3, result.Int("endLine"));
        Assert.Equal(3, result.Int("totalLines"));
        Assert.False(result.Bool("truncated"));
        Assert.False(result.Bool("binary"));
        Assert.Equal(14, result.Int("size"));
    }

    [Fact]
    public async Task Offset_and_limit_select_a_window_of_lines()
    {
        this.ws.Write("n.txt", string.Join("\n", Enumerable.Range(1, 100)) + "\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { path = "n.txt", offset = 10, limit = 3 });

        Assert.Equal("10\n11\n12", result.Str("content"));
        Assert.Equal(12, result.Int("endLine"));
        Assert.Equal(100, result.Int("totalLines"));
        Assert.True(result.Bool("truncated"));
    }

    [Fact]
    public async Task An_offset_past_the_end_returns_no_lines()
    {
        this.ws.Write("a.txt", "one\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { path = "a.txt", offset = 50 });

        Assert.Equal(string.Empty, result.Str("content"));
        Assert.Equal(49, result.Int("endLine"));
    }

    [Fact]
    public async Task Binary_files_are_reported_not_dumped()
    {
        this.ws.Write("img.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x1A, 0xFF]);

        JsonElement result = await this.ws.Invoke(this.tool, new { path = "img.png" });

        Assert.True(result.Bool("binary"));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("content").ValueKind);
        Assert.Equal(8, result.Int("size"));
    }

    [Fact]
    public async Task Invalid_utf8_is_replaced_and_flagged()
    {
        this.ws.Write("latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n']);

        JsonElement result = await this.ws.Invoke(this.tool, new { path = "latin1.txt" });

        Assert.Equal("caf\uFFFD", result.Str("content"));
        Assert.True(result.Bool("invalidUtf8"));
    }

    [Fact]
    public async Task Crlf_line_endings_are_not_returned()
    {
        this.ws.Write("w.txt", "a\r\nb\r\n");

        Assert.Equal("a\nb", (await this.ws.Invoke(this.tool, new { path = "w.txt" })).Str("content"));
    }

    [Fact]
    public async Task Very_long_lines_are_cut()
    {
        this.ws.Write("long.txt", new string('x', 10_000) + "\nshort\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { path = "long.txt" });

        Assert.True(result.Bool("truncated"));
        Assert.EndsWith("[line cut]\nshort", result.Str("content"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_are_typed()
    {
        Directory.CreateDirectory(this.ws.PathOf("dir"));

        Assert.Equal(ToolErrorDetails.FileNotFound, (await this.ws.Fails(this.tool, new { path = "missing.txt" })).Detail);
        Assert.Equal(ToolErrorDetails.NotAFile, (await this.ws.Fails(this.tool, new { path = "dir" })).Detail);
        Assert.Equal(ToolErrorDetails.NotAFile, (await this.ws.Fails(this.tool, new { path = "." })).Detail);
        ToolException missing = await this.ws.Fails(this.tool, new { });
        Assert.Equal((ScriptErrorCode.ToolValidation, ToolErrorDetails.MissingArgument), (missing.Error.Code, missing.Detail));
        Assert.Equal(ToolErrorDetails.InvalidArgument, (await this.ws.Fails(this.tool, new { path = "a", offset = 0 })).Detail);
        Assert.Equal(ToolErrorDetails.InvalidArgument, (await this.ws.Fails(this.tool, new { path = 5 })).Detail);
        Assert.Equal(ToolErrorDetails.UnknownArgument, (await this.ws.Fails(this.tool, new { path = "a", encoding = "utf8" })).Detail);
    }

    [Fact]
    public async Task A_fifo_is_refused_as_not_a_file_instead_of_hanging()
    {
        string fifo = this.ws.PathOf("pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        ToolException error = await this.ws.Fails(this.tool, new { path = "pipe" });
        JsonElement grep = await this.ws.Invoke(new ScriptHarness.Activities.Search.GrepTool(), new { pattern = "x" });

        Assert.Equal(ToolErrorDetails.NotAFile, error.Detail);
        Assert.Empty(grep.Items("matches"));
    }
}
