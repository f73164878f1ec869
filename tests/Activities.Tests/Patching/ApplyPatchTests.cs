using System.Text.Json;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Patching;

public sealed class ApplyPatchTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ApplyPatchTool tool = new();

    public void Dispose() => this.ws.Dispose();

    private Task<JsonElement> Apply(string patch) => this.ws.Invoke(this.tool, new { patch });

    private Task<ToolException> Rejects(string patch) => this.ws.Fails(this.tool, new { patch });

    [Fact]
    public async Task Add_file_creates_it_with_parent_directories()
    {
        JsonElement result = await this.Apply("*** Begin Patch\n*** Add File: src/new/hello.txt\n+hello\n+world\n*** End Patch\n");

        Assert.Equal("hello\nworld\n", this.ws.Read("src/new/hello.txt"));
        Assert.Equal(["src/new/hello.txt"], result.Strings("added"));
        Assert.Empty(result.Strings("modified"));
    }

    [Fact]
    public async Task Update_replaces_lines_found_by_context()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\nfour\n");

        JsonElement result = await this.Apply("*** Begin Patch\n*** Update File: a.txt\n@@\n one\n-two\n+TWO\n three\n*** End Patch");

        Assert.Equal("one\nTWO\nthree\nfour\n", this.ws.Read("a.txt"));
        Assert.Equal(["a.txt"], result.Strings("modified"));
    }

    [Fact]
    public async Task Update_applies_several_hunks_in_order()
    {
        this.ws.Write("a.txt", string.Join("\n", Enumerable.Range(1, 30).Select(i => $"line {i}")) + "\n");

        await this.Apply("""
            *** Begin Patch
            *** Update File: a.txt
            @@
             line 2
            -line 3
            +line three
             line 4
            @@
             line 20
            +inserted
             line 21
            @@
             line 29
            -line 30
            *** End Patch
            """);

        string[] lines = this.ws.Read("a.txt").Split('\n');
        Assert.Equal("line three", lines[2]);
        Assert.Equal("inserted", lines[20]);
        Assert.Equal("line 29", lines[^2]);
        Assert.Equal(31, lines.Length); // 30 lines and the empty string after the final newline
    }

    [Fact]
    public async Task An_anchor_after_the_at_signs_selects_the_occurrence_that_follows_it()
    {
        this.ws.Write("a.py", "def a():\n    return 1\n\ndef b():\n    return 1\n");

        await this.Apply("*** Begin Patch\n*** Update File: a.py\n@@ def b():\n-    return 1\n+    return 2\n*** End Patch");

        Assert.Equal("def a():\n    return 1\n\ndef b():\n    return 2\n", this.ws.Read("a.py"));
    }

    [Fact]
    public async Task End_of_file_marker_matches_the_last_occurrence()
    {
        this.ws.Write("a.txt", "x\nend\nx\nend\n");

        await this.Apply("*** Begin Patch\n*** Update File: a.txt\n@@\n x\n-end\n+END\n*** End of File\n*** End Patch");

        Assert.Equal("x\nend\nx\nEND\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task Delete_removes_the_file()
    {
        this.ws.Write("gone.txt", "bye\n");

        JsonElement result = await this.Apply("*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch");

        Assert.False(this.ws.Exists("gone.txt"));
        Assert.Equal(["gone.txt"], result.Strings("deleted"));
    }

    [Fact]
    public async Task Move_renames_and_edits_the_file()
    {
        this.ws.Write("old/name.txt", "a\nb\n");

        JsonElement result = await this.Apply("*** Begin Patch\n*** Update File: old/name.txt\n*** Move to: new/name.txt\n@@\n a\n-b\n+B\n*** End Patch");

        Assert.False(this.ws.Exists("old/name.txt"));
        Assert.Equal("a\nB\n", this.ws.Read("new/name.txt"));
        JsonElement moved = Assert.Single(result.Items("moved"));
        Assert.Equal("old/name.txt", moved.Str("from"));
        Assert.Equal("new/name.txt", moved.Str("to"));
    }

    [Fact]
    public async Task A_pure_move_keeps_the_bytes_exactly_even_of_a_binary_file()
    {
        byte[] bytes = [.. "mixed\r\nendings\nand no final newline"u8, 0, 0xFF];
        this.ws.Write("from.txt", bytes);

        await this.Apply("*** Begin Patch\n*** Update File: from.txt\n*** Move to: to/there.txt\n*** End Patch");

        Assert.Equal(bytes, File.ReadAllBytes(this.ws.PathOf("to/there.txt")));
        Assert.False(this.ws.Exists("from.txt"));
    }

    [Fact]
    public async Task Context_matching_tolerates_trailing_whitespace_and_unicode_punctuation()
    {
        this.ws.Write("a.txt", "say(\u201Chello\u201D);   \nx = a \u2014 b\nend\n");

        await this.Apply("*** Begin Patch\n*** Update File: a.txt\n@@\n say(\"hello\");\n-x = a - b\n+x = a + b\n end\n*** End Patch");

        Assert.Equal("say(\u201Chello\u201D);   \nx = a + b\nend\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task Whitespace_padded_markers_are_accepted()
    {
        this.ws.Write("a.txt", "a\nb\n");

        await this.Apply("  *** Begin Patch  \n   *** Update File:   a.txt  \n  @@  \n a\n-b\n+c\n  *** End Patch  \n\n");

        Assert.Equal("a\nc\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task Unicode_content_is_added_and_replaced_exactly()
    {
        this.ws.Write("u.txt", "héllo wörld\n日本語\n");

        await this.Apply("*** Begin Patch\n*** Update File: u.txt\n@@\n-日本語\n+中文 🎉\n*** Add File: emoji.txt\n+✓ done\n*** End Patch");

        Assert.Equal("héllo wörld\n中文 🎉\n", this.ws.Read("u.txt"));
        Assert.Equal("✓ done\n", this.ws.Read("emoji.txt"));
    }

    [Fact]
    public async Task Crlf_files_keep_their_line_endings()
    {
        this.ws.Write("w.txt", "a\r\nb\r\nc\r\n");

        await this.Apply("*** Begin Patch\n*** Update File: w.txt\n@@\n a\n-b\n+B\n c\n*** End Patch");

        Assert.Equal("a\r\nB\r\nc\r\n", this.ws.Read("w.txt"));
    }

    [Fact]
    public async Task A_byte_order_mark_is_kept_and_a_missing_final_newline_is_written_as_Codex_does()
    {
        this.ws.Write("n.txt", "a\nb");
        this.ws.Write("bom.txt", "\uFEFFx\ny\n");

        await this.Apply("*** Begin Patch\n*** Update File: n.txt\n@@\n-a\n+A\n*** Update File: bom.txt\n@@\n-y\n+Y\n*** End Patch");

        Assert.Equal("A\nb\n", this.ws.Read("n.txt"));
        Assert.Equal([0xEF, 0xBB, 0xBF, (byte)'x', (byte)'\n', (byte)'Y', (byte)'\n'], File.ReadAllBytes(this.ws.PathOf("bom.txt")));
    }

    [Fact]
    public async Task Missing_context_fails_naming_the_file_and_the_line_that_did_not_match()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");

        ToolException error = await this.Rejects("*** Begin Patch\n*** Update File: a.txt\n@@\n one\n-TWO-not-here\n+2\n*** End Patch");

        Assert.Equal(ScriptErrorCode.ToolFailed, error.Error.Code);
        Assert.Equal(ToolErrorDetails.PatchContextNotFound, error.Detail);
        Assert.Contains("a.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"TWO-not-here\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("one\ntwo\nthree\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task Empty_patch_is_rejected()
    {
        Assert.Equal(ToolErrorDetails.PatchEmpty, (await this.Rejects("*** Begin Patch\n*** End Patch\n")).Detail);
        Assert.Equal(ToolErrorDetails.PatchEmpty, (await this.Rejects("   \n\n")).Detail);
    }

    [Theory]
    [InlineData("*** Update File: a.txt\n@@\n-a\n+b\n*** End Patch")]
    [InlineData("*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+b\n")]
    [InlineData("*** Begin Patch\n*** Frobnicate File: a.txt\n*** End Patch")]
    [InlineData("*** Begin Patch\n*** Add File: b.txt\nno plus\n*** End Patch")]
    [InlineData("*** Begin Patch\n*** Update File: a.txt\n*** End Patch")]
    [InlineData("*** Begin Patch\n*** Update File: a.txt\n@@\n?weird\n*** End Patch")]
    public async Task Malformed_patches_are_rejected_as_invalid(string patch)
    {
        this.ws.Write("a.txt", "a\n");

        ToolException error = await this.Rejects(patch);

        Assert.Equal(ScriptErrorCode.ToolValidation, error.Error.Code);
        Assert.Equal(ToolErrorDetails.PatchInvalid, error.Detail);
        Assert.Equal("a\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task Delete_of_a_missing_file_is_rejected()
    {
        ToolException error = await this.Rejects("*** Begin Patch\n*** Delete File: nope.txt\n*** End Patch");

        Assert.Equal(ToolErrorDetails.FileNotFound, error.Detail);
    }

    [Fact]
    public async Task Update_of_a_missing_file_is_rejected()
    {
        Assert.Equal(ToolErrorDetails.FileNotFound, (await this.Rejects("*** Begin Patch\n*** Update File: nope.txt\n@@\n-a\n+b\n*** End Patch")).Detail);
    }

    [Fact]
    public async Task Adding_a_file_that_exists_with_other_content_is_rejected()
    {
        this.ws.Write("a.txt", "mine\n");

        Assert.Equal(ToolErrorDetails.FileExists, (await this.Rejects("*** Begin Patch\n*** Add File: a.txt\n+theirs\n*** End Patch")).Detail);
        Assert.Equal("mine\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task Moving_onto_an_existing_file_is_rejected()
    {
        this.ws.Write("a.txt", "a\n");
        this.ws.Write("b.txt", "b\n");

        Assert.Equal(ToolErrorDetails.FileExists, (await this.Rejects("*** Begin Patch\n*** Update File: a.txt\n*** Move to: b.txt\n*** End Patch")).Detail);
        Assert.Equal("b\n", this.ws.Read("b.txt"));
        Assert.True(this.ws.Exists("a.txt"));
    }

    [Fact]
    public async Task Binary_files_are_refused()
    {
        this.ws.Write("bin.dat", [1, 2, 0, 3, 10]);

        Assert.Equal(ToolErrorDetails.BinaryFile, (await this.Rejects("*** Begin Patch\n*** Update File: bin.dat\n@@\n-a\n+b\n*** End Patch")).Detail);
    }

    [Fact]
    public async Task A_failing_hunk_in_a_later_file_leaves_every_file_untouched()
    {
        this.ws.Write("first.txt", "1\n2\n3\n");
        this.ws.Write("doomed.txt", "x\n");
        this.ws.Write("third.txt", "t\n");

        ToolException error = await this.Rejects("""
            *** Begin Patch
            *** Update File: first.txt
            @@
            -2
            +two
            *** Add File: brand/new.txt
            +fresh
            *** Delete File: third.txt
            *** Update File: doomed.txt
            @@
            -not in the file
            +y
            *** End Patch
            """);

        Assert.Equal(ToolErrorDetails.PatchContextNotFound, error.Detail);
        Assert.Contains("doomed.txt", error.Message, StringComparison.Ordinal);
        Assert.Equal("1\n2\n3\n", this.ws.Read("first.txt"));
        Assert.False(this.ws.Exists("brand"));
        Assert.Equal("t\n", this.ws.Read("third.txt"));
        Assert.Equal(["doomed.txt", "first.txt", "third.txt"], this.TopLevel());
    }

    [Fact]
    public async Task A_write_that_fails_while_staging_leaves_the_other_files_untouched()
    {
        this.ws.Write("a.txt", "a\n");
        this.ws.Write("blocker", "i am a file, not a directory\n");

        ToolException error = await this.Rejects("*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+A\n*** Add File: blocker/child.txt\n+x\n*** End Patch");

        Assert.NotNull(error.Detail);
        Assert.Equal("a\n", this.ws.Read("a.txt"));
        Assert.Equal(["a.txt", "blocker"], this.TopLevel());
    }

    [Fact]
    public async Task The_inverse_patch_restores_the_workspace()
    {
        this.ws.Write("keep.txt", string.Join("\n", Enumerable.Range(1, 40).Select(i => $"k{i}")) + "\n");
        this.ws.Write("del.txt", "to delete\nsecond\n");
        this.ws.Write("mv/src.txt", "m1\nm2\nm3\n");
        Dictionary<string, string> before = this.Snapshot();

        JsonElement result = await this.Apply("""
            *** Begin Patch
            *** Update File: keep.txt
            @@
             k1
            -k2
            +K2
            +K2b
             k3
            @@
             k5
            -k6
             k7
            @@
             k39
            -k40
            +K40
            *** End of File
            *** Delete File: del.txt
            *** Add File: added/file.txt
            +new
            *** Update File: mv/src.txt
            *** Move to: moved/dst.txt
            @@
             m1
            -m2
            +M2
            *** End Patch
            """);
        Assert.NotEqual(before, this.Snapshot());

        JsonElement undo = await this.Apply(result.Str("inversePatch"));

        Assert.True(result.Bool("inverseComplete"));
        Assert.Equal(before, this.Snapshot());
        Assert.Equal(["added/file.txt"], undo.Strings("deleted"));
    }

    [Fact]
    public async Task Reapplying_a_patch_is_detected_as_already_applied_and_writes_nothing()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");
        this.ws.Write("b.txt", "b\n");
        this.ws.Write("c.txt", "c1\nc2\n");
        const string Patch = "*** Begin Patch\n*** Update File: a.txt\n@@\n one\n+one and a half\n two\n-three\n+THREE\n*** Add File: n.txt\n+n\n*** Delete File: b.txt\n*** Update File: c.txt\n*** Move to: d.txt\n@@\n-c2\n+C2\n*** End Patch";
        await this.Apply(Patch);
        Dictionary<string, string> after = this.Snapshot();

        JsonElement retry = await this.Apply(Patch);

        Assert.Equal(after, this.Snapshot());
        Assert.Empty(retry.Strings("added"));
        Assert.Empty(retry.Strings("modified"));
        Assert.Empty(retry.Strings("deleted"));
        Assert.Empty(retry.Items("moved"));
        Assert.Equal(["a.txt", "n.txt", "b.txt", "d.txt"], retry.Strings("alreadyApplied"));
    }

    [Fact]
    public async Task A_pure_insertion_is_not_inserted_twice_on_retry()
    {
        this.ws.Write("a.txt", "a\nc\n");
        const string Patch = "*** Begin Patch\n*** Update File: a.txt\n@@\n a\n+b\n c\n*** End Patch";
        await this.Apply(Patch);

        await this.Apply(Patch);

        Assert.Equal("a\nb\nc\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task A_retry_after_a_partial_commit_applies_only_the_rest()
    {
        this.ws.Write("a.txt", "a\n");
        this.ws.Write("b.txt", "b\n");
        await this.Apply("*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+A\n*** End Patch");

        JsonElement result = await this.Apply("*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+A\n*** Update File: b.txt\n@@\n-b\n+B\n*** End Patch");

        Assert.Equal(["a.txt"], result.Strings("alreadyApplied"));
        Assert.Equal(["b.txt"], result.Strings("modified"));
        Assert.Equal("A\n", this.ws.Read("a.txt"));
        Assert.Equal("B\n", this.ws.Read("b.txt"));
    }

    [Fact]
    public async Task Later_operations_see_earlier_ones_of_the_same_patch()
    {
        JsonElement result = await this.Apply("*** Begin Patch\n*** Add File: f.txt\n+a\n+b\n*** Update File: f.txt\n@@\n a\n-b\n+B\n*** End Patch");

        Assert.Equal("a\nB\n", this.ws.Read("f.txt"));
        Assert.Equal(["f.txt"], result.Strings("added"));
    }

    [Fact]
    public async Task The_file_mode_is_kept_when_a_file_is_rewritten()
    {
        string path = this.ws.Write("run.sh", "#!/bin/sh\necho a\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);

        await this.Apply("*** Begin Patch\n*** Update File: run.sh\n@@\n-echo a\n+echo b\n*** End Patch");

        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Paths_outside_the_workspace_are_refused_before_anything_is_written()
    {
        this.ws.Write("a.txt", "a\n");

        foreach (string target in new[] { "../outside/evil.txt", "/tmp/evil.txt", "a/../../evil.txt" })
        {
            ToolException error = await this.Rejects($"*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+A\n*** Add File: {target}\n+x\n*** End Patch");
            Assert.Equal(ToolErrorDetails.PathOutsideWorkspace, error.Detail);
        }

        Assert.Equal("a\n", this.ws.Read("a.txt"));
        Assert.False(File.Exists(Path.Combine(this.ws.Outside, "evil.txt")));
    }

    private string[] TopLevel() =>
        Directory.GetFileSystemEntries(this.ws.Root).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(this.ws.Root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(this.ws.Root, f), File.ReadAllText);
}
