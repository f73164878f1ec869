using System.Text.Json;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Patching;

/// <summary>
/// applyPatch as a model trained on Codex expects it: one test per behaviour the openai/codex
/// apply-patch scenarios check (our own cases, named after the scenario), including the two
/// where we refuse on purpose (Add File or Move onto an existing file) and say so.
/// </summary>
public sealed class CodexScenarioTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ApplyPatchTool tool = new();

    public void Dispose() => this.ws.Dispose();

    private Task<JsonElement> Apply(string patch) => this.ws.Invoke(this.tool, new { patch });

    private Task<ToolException> Rejects(string patch) => this.ws.Fails(this.tool, new { patch });

    [Fact]
    public async Task Scenario_001_add_file_creates_it_with_the_plus_lines()
    {
        await this.Apply("*** Begin Patch\n*** Add File: notes.txt\n+first\n+second\n*** End Patch\n");
        Assert.Equal("first\nsecond\n", this.ws.Read("notes.txt"));
    }

    [Fact]
    public async Task Scenario_002_multiple_operations_add_update_and_delete_in_one_patch_with_nested_folders()
    {
        this.ws.Write("keep.txt", "a\nb\n");
        this.ws.Write("gone.txt", "x\n");
        await this.Apply("*** Begin Patch\n*** Add File: deep/er/new.txt\n+new\n*** Update File: keep.txt\n@@\n a\n-b\n+B\n*** Delete File: gone.txt\n*** End Patch\n");
        Assert.Equal("new\n", this.ws.Read("deep/er/new.txt"));
        Assert.Equal("a\nB\n", this.ws.Read("keep.txt"));
        Assert.False(this.ws.Exists("gone.txt"));
    }

    [Fact]
    public async Task Scenario_003_multiple_chunks_apply_in_order()
    {
        this.ws.Write("f.txt", "1\n2\n3\n4\n5\n6\n");
        await this.Apply("*** Begin Patch\n*** Update File: f.txt\n@@\n 1\n-2\n+two\n@@\n 5\n-6\n+six\n*** End Patch\n");
        Assert.Equal("1\ntwo\n3\n4\n5\nsix\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_004_move_to_a_new_directory_creates_it()
    {
        this.ws.Write("old.txt", "a\n");
        await this.Apply("*** Begin Patch\n*** Update File: old.txt\n*** Move to: fresh/dir/new.txt\n@@\n-a\n+b\n*** End Patch\n");
        Assert.Equal("b\n", this.ws.Read("fresh/dir/new.txt"));
        Assert.False(this.ws.Exists("old.txt"));
    }

    [Fact]
    public async Task Scenario_005_an_empty_patch_is_rejected()
    {
        this.ws.Write("f.txt", "a\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.PatchEmpty, error.Detail);
        Assert.Equal("a\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_006_missing_context_is_rejected_and_the_file_kept()
    {
        this.ws.Write("f.txt", "a\nb\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** Update File: f.txt\n@@\n zzz\n-b\n+c\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.PatchContextNotFound, error.Detail);
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal("a\nb\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_007_deleting_a_missing_file_is_rejected_naming_the_patch_line()
    {
        ToolException error = await this.Rejects("*** Begin Patch\n*** Delete File: nope.txt\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.FileNotFound, error.Detail);
        Assert.Contains("patch line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_008_an_update_without_hunk_lines_is_rejected()
    {
        this.ws.Write("f.txt", "a\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** Update File: f.txt\n@@\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.PatchInvalid, error.Detail);
        Assert.Equal("a\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_009_updating_a_missing_file_names_the_line_suggests_add_file_and_writes_nothing()
    {
        this.ws.Write("first.txt", "a\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** Update File: first.txt\n@@\n-a\n+b\n*** Update File: missing.txt\n@@\n-x\n+y\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.FileNotFound, error.Detail);
        Assert.Contains("missing.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("patch line 6", error.Message, StringComparison.Ordinal);
        Assert.Contains("*** Add File:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal("a\n", this.ws.Read("first.txt"));
    }

    [Fact]
    public async Task Scenario_010_moving_onto_an_existing_file_is_refused_on_purpose_saying_what_to_do()
    {
        this.ws.Write("from.txt", "a\n");
        this.ws.Write("to.txt", "taken\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** Update File: from.txt\n*** Move to: to.txt\n@@\n-a\n+b\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.FileExists, error.Detail);
        Assert.Contains("patch line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not overwrite", error.Message, StringComparison.Ordinal);
        Assert.Contains("*** Delete File: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal("taken\n", this.ws.Read("to.txt"));
        Assert.Equal("a\n", this.ws.Read("from.txt"));
    }

    [Fact]
    public async Task Scenario_011_adding_over_an_existing_file_is_refused_on_purpose_saying_what_to_do()
    {
        this.ws.Write("there.txt", "old\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** Add File: there.txt\n+new\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.FileExists, error.Detail);
        Assert.Contains("does not overwrite", error.Message, StringComparison.Ordinal);
        Assert.Contains("*** Update File:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal("old\n", this.ws.Read("there.txt"));
    }

    [Fact]
    public async Task Scenario_012_deleting_a_directory_is_rejected_naming_the_patch_line()
    {
        this.ws.Write("dir/inside.txt", "a\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** Delete File: dir\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.NotAFile, error.Detail);
        Assert.Contains("patch line 2", error.Message, StringComparison.Ordinal);
        Assert.True(this.ws.Exists("dir/inside.txt"));
    }

    [Fact]
    public async Task Scenario_013_an_invalid_hunk_header_is_rejected()
    {
        this.ws.Write("f.txt", "a\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** Frobnicate File: f.txt\n*** End Patch\n");
        Assert.Equal(ToolErrorDetails.PatchInvalid, error.Detail);
        Assert.Equal("a\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_014_updating_a_file_without_a_final_newline_writes_one()
    {
        this.ws.Write("f.txt", "one\ntwo");
        await this.Apply("*** Begin Patch\n*** Update File: f.txt\n@@\n one\n-two\n+TWO\n*** End Patch\n");
        Assert.Equal("one\nTWO\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_015_a_failure_after_a_partial_success_writes_nothing_and_says_so()
    {
        this.ws.Write("ok.txt", "a\n");
        this.ws.Write("bad.txt", "b\n");
        ToolException error = await this.Rejects("*** Begin Patch\n*** Update File: ok.txt\n@@\n-a\n+A\n*** Update File: bad.txt\n@@\n-nothing like this\n+B\n*** End Patch\n");
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal("a\n", this.ws.Read("ok.txt"));
    }

    [Fact]
    public async Task Scenario_016_a_pure_addition_chunk_appends()
    {
        this.ws.Write("f.txt", "a\n");
        await this.Apply("*** Begin Patch\n*** Update File: f.txt\n@@\n+b\n+c\n*** End Patch\n");
        Assert.Equal("a\nb\nc\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_017_whitespace_before_a_file_header_is_accepted()
    {
        this.ws.Write("f.txt", "a\n");
        await this.Apply("*** Begin Patch\n  *** Update File: f.txt\n@@\n-a\n+b\n*** End Patch\n");
        Assert.Equal("b\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_018_whitespace_around_the_begin_and_end_markers_is_accepted()
    {
        await this.Apply(" *** Begin Patch\n*** Add File: f.txt\n+a\n*** End Patch \n");
        Assert.Equal("a\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_019_unicode_context_applies_and_a_failed_match_prints_it_as_it_is()
    {
        this.ws.Write("u.txt", "café\nnaïve\n");
        await this.Apply("*** Begin Patch\n*** Update File: u.txt\n@@\n café\n-naïve\n+naïf ✓\n*** End Patch\n");
        Assert.Equal("café\nnaïf ✓\n", this.ws.Read("u.txt"));

        ToolException error = await this.Rejects("*** Begin Patch\n*** Update File: u.txt\n@@\n-crème brûlée\n+x\n*** End Patch\n");
        Assert.Contains("\"crème brûlée\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_020_delete_removes_the_file_and_keeps_the_others()
    {
        this.ws.Write("gone.txt", "x\n");
        this.ws.Write("kept.txt", "y\n");
        await this.Apply("*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch\n");
        Assert.False(this.ws.Exists("gone.txt"));
        Assert.Equal("y\n", this.ws.Read("kept.txt"));
    }

    [Fact]
    public async Task Scenario_020_whitespace_padded_marker_lines_are_accepted()
    {
        this.ws.Write("f.txt", "a\n");
        await this.Apply("  *** Begin Patch  \n  *** Update File: f.txt  \n@@\n-a\n+b\n  *** End Patch  \n");
        Assert.Equal("b\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_021_a_deletion_only_update_removes_the_lines()
    {
        this.ws.Write("f.txt", "a\nb\nc\n");
        await this.Apply("*** Begin Patch\n*** Update File: f.txt\n@@\n a\n-b\n c\n*** End Patch\n");
        Assert.Equal("a\nc\n", this.ws.Read("f.txt"));
    }

    [Fact]
    public async Task Scenario_022_the_end_of_file_marker_anchors_the_hunk_at_the_end()
    {
        this.ws.Write("f.txt", "x\nend\nx\nend\n");
        await this.Apply("*** Begin Patch\n*** Update File: f.txt\n@@\n x\n-end\n+END\n*** End of File\n*** End Patch\n");
        Assert.Equal("x\nend\nx\nEND\n", this.ws.Read("f.txt"));
    }
}
