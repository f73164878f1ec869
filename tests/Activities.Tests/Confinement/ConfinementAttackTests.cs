using System.Text.Json;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Search;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Confinement;

/// <summary>Real escape attempts against every tool that takes a path; each must be refused with a typed error.</summary>
public sealed class ConfinementAttackTests : IDisposable
{
    private readonly TempWorkspace ws = new();

    public void Dispose() => this.ws.Dispose();

    public static TheoryData<string> EscapingPaths => new()
    {
        "../outside/secret.txt",
        "a/../../outside/secret.txt",
        "./../outside/secret.txt",
        "/etc/passwd",
        "~/secret.txt",
    };

    [Theory]
    [MemberData(nameof(EscapingPaths))]
    public async Task ReadFile_refuses_paths_that_climb_out_or_are_absolute(string path)
    {
        ToolException error = await this.ws.Fails(new ReadFileTool(), new { path });

        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, error.Detail);
        Assert.False(error.Error.Retryable);
    }

    [Theory]
    [MemberData(nameof(EscapingPaths))]
    public async Task ListDir_grep_and_exec_refuse_paths_that_climb_out(string path)
    {
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new ListDirTool(), new { path })).Detail);
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new GrepTool(), new { pattern = "SECRET", path })).Detail);
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new ExecTool(), new { command = new[] { "pwd" }, cwd = path })).Detail);
    }

    [Fact]
    public async Task A_symlinked_file_pointing_out_is_not_read()
    {
        this.ws.Symlink("innocent.txt", Path.Combine(this.ws.Outside, "secret.txt"));

        ToolException error = await this.ws.Fails(new ReadFileTool(), new { path = "innocent.txt" });

        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, error.Detail);
        Assert.DoesNotContain("TOP SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlinked_directory_pointing_out_is_not_read_listed_searched_or_written()
    {
        this.ws.Symlink("door", this.ws.Outside);

        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new ReadFileTool(), new { path = "door/secret.txt" })).Detail);
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new ListDirTool(), new { path = "door" })).Detail);
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new GrepTool(), new { pattern = "SECRET", path = "door" })).Detail);
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new ExecTool(), new { command = "cat secret.txt", cwd = "door" })).Detail);
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new ApplyPatchTool(), new { patch = "*** Begin Patch\n*** Add File: door/planted.txt\n+x\n*** End Patch" })).Detail);
        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, (await this.ws.Fails(new ApplyPatchTool(), new { patch = "*** Begin Patch\n*** Delete File: door/secret.txt\n*** End Patch" })).Detail);
        Assert.False(File.Exists(Path.Combine(this.ws.Outside, "planted.txt")));
        Assert.True(File.Exists(Path.Combine(this.ws.Outside, "secret.txt")));
    }

    [Fact]
    public async Task Walks_list_links_but_never_follow_them_out()
    {
        this.ws.Write("real/file.txt", "SECRET? no\n");
        this.ws.Symlink("door", this.ws.Outside);
        this.ws.Symlink("leak.txt", Path.Combine(this.ws.Outside, "secret.txt"));

        JsonElement grep = await this.ws.Invoke(new GrepTool(), new { pattern = "SECRET" });
        JsonElement search = await this.ws.Invoke(new FileSearchTool(), new { query = "secret" });
        JsonElement list = await this.ws.Invoke(new ListDirTool(), new { depth = 3 });

        Assert.Equal(["real/file.txt"], grep.Items("matches").Select(m => m.Str("path")).ToArray());
        Assert.Empty(search.Items("matches"));
        Assert.Contains(list.Items("entries"), e => e.Str("path") == "door" && e.Str("type") == "symlink");
        Assert.DoesNotContain(list.Items("entries"), e => e.Str("path").StartsWith("door/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_symlink_inside_the_workspace_pointing_inside_is_followed_for_reads()
    {
        this.ws.Write("real/a.txt", "inside\n");
        this.ws.Symlink("alias", this.ws.PathOf("real"));

        JsonElement result = await this.ws.Invoke(new ReadFileTool(), new { path = "alias/a.txt" });

        Assert.Equal("inside", result.Str("content"));
    }

    [Fact]
    public async Task Overwriting_a_link_replaces_the_link_and_never_writes_through_it()
    {
        string target = Path.Combine(this.ws.Outside, "secret.txt");
        this.ws.Write("sub/ok.txt", "ok\n");

        // The planted link's parent is verified and the final component is replaced, not followed.
        this.ws.Symlink("sub/link.txt", target);
        ToolException error = await this.ws.Fails(new ApplyPatchTool(), new { patch = "*** Begin Patch\n*** Update File: sub/link.txt\n@@\n-TOP SECRET\n+owned\n*** End Patch" });

        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, error.Detail);
        Assert.Equal("TOP SECRET\n", File.ReadAllText(target));
    }

    [Fact]
    public void A_component_swapped_for_a_link_between_check_and_open_is_refused()
    {
        this.ws.Write("dir/file.txt", "harmless\n");
        using Workspace workspace = Workspace.Open(this.ws.Root);
        string path = workspace.Resolve("dir/file.txt");
        workspace.BeforeOpen = _ =>
        {
            // The attacker wins the race: the checked directory becomes a link out.
            Directory.Move(this.ws.PathOf("dir"), this.ws.PathOf("dir-moved"));
            File.CreateSymbolicLink(this.ws.PathOf("dir"), this.ws.Outside);
            File.Move(Path.Combine(this.ws.Outside, "secret.txt"), Path.Combine(this.ws.Outside, "file.txt"));
        };

        ToolException error = Assert.Throws<ToolException>(() => workspace.OpenFileForRead(path).Dispose());

        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, error.Detail);
    }

    [Fact]
    public void A_parent_swapped_for_a_link_before_a_write_is_refused_and_nothing_lands_outside()
    {
        this.ws.Write("dir/keep.txt", "k\n");
        using Workspace workspace = Workspace.Open(this.ws.Root);
        workspace.BeforeOpen = _ =>
        {
            Directory.Move(this.ws.PathOf("dir"), this.ws.PathOf("dir-moved"));
            File.CreateSymbolicLink(this.ws.PathOf("dir"), this.ws.Outside);
        };

        ToolException error = Assert.Throws<ToolException>(() => workspace.OpenParent("dir/new.txt", create: true, out _).Dispose());

        Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, error.Detail);
        Assert.Equal(["secret.txt"], Directory.GetFiles(this.ws.Outside).Select(f => Path.GetFileName(f)).ToArray());
    }

    [Fact]
    public async Task Reads_racing_a_directory_flipping_to_a_link_never_return_outside_content()
    {
        this.ws.Write("flip/file.txt", "inside\n");
        File.WriteAllText(Path.Combine(this.ws.Outside, "file.txt"), "TOP SECRET\n");
        var tool = new ReadFileTool();
        using var stop = new CancellationTokenSource();
        int flips = 0;
        Task attacker = Task.Run(() =>
        {
            string dir = this.ws.PathOf("flip");
            string parked = this.ws.PathOf("flip-parked");
            while (!stop.IsCancellationRequested)
            {
                Directory.Move(dir, parked);
                File.CreateSymbolicLink(dir, this.ws.Outside);
                File.Delete(dir);
                Directory.Move(parked, dir);
                Interlocked.Increment(ref flips);
            }
        });

        int refused = 0;
        int read = 0;
        int attempts = 0;
        // Keep reading while the attacker flips, until both sides have done plenty (or, on a
        // starved machine, for at most a minute).
        var patience = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 500 || (Volatile.Read(ref flips) < 200 && patience.Elapsed < TimeSpan.FromMinutes(1)); i++)
        {
            try
            {
                JsonElement result = await this.ws.Invoke(tool, new { path = "flip/file.txt" });
                Assert.Equal("inside", result.Str("content"));
                read++;
            }
            catch (ToolException e) when (e.Detail is ToolErrorDetails.PathOutsideWorkspace or ToolErrorDetails.FileNotFound)
            {
                refused++;
            }

            attempts++;
        }

        stop.Cancel();
        await attacker;
        Assert.True(flips > 0, "the attacker never ran");
        Assert.Equal(attempts, read + refused);
    }

    [Fact]
    public async Task A_worker_without_the_workspace_fails_the_call_with_workspace_missing()
    {
        var invocation = new ToolInvocation("k", 1, Path.Combine(this.ws.Base, "not-here"), JsonSerializer.SerializeToElement(new { path = "a.txt" }));

        ToolException error = await Assert.ThrowsAsync<ToolException>(() => new ReadFileTool().InvokeAsync(invocation, default));

        Assert.Equal(ToolErrorDetails.WorkspaceMissing, error.Detail);
    }

    [Fact]
    public async Task A_relative_workspace_path_is_refused()
    {
        var invocation = new ToolInvocation("k", 1, "relative/ws", JsonSerializer.SerializeToElement(new { path = "a.txt" }));

        ToolException error = await Assert.ThrowsAsync<ToolException>(() => new ListDirTool().InvokeAsync(invocation, default));

        Assert.Equal(ToolErrorDetails.WorkspaceMissing, error.Detail);
    }
}
