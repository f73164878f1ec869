using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Patching;

/// <summary>applyPatch's <c>expect</c> (the state each file must be in) and the hashes its result reports: what a rollback relies on.</summary>
public sealed class PatchExpectationTests : IDisposable
{
    private const string EditA = "*** Begin Patch\n*** Update File: a.txt\n@@\n one\n-two\n+TWO\n three\n*** End Patch\n";
    private const string EditBoth = "*** Begin Patch\n*** Update File: a.txt\n@@\n one\n-two\n+TWO\n three\n*** Update File: b.txt\n@@\n-bee\n+BEE\n*** End Patch\n";

    private readonly TempWorkspace ws = new();
    private readonly ApplyPatchTool tool = new();

    public void Dispose() => this.ws.Dispose();

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task The_result_reports_each_touched_file_hash_afterwards_and_absent_for_a_deleted_one()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");
        this.ws.Write("gone.txt", "bye\n");

        JsonElement result = await this.ws.Invoke(this.tool, new { patch = "*** Begin Patch\n*** Update File: a.txt\n@@\n-two\n+TWO\n*** Delete File: gone.txt\n*** Add File: new.txt\n+hi\n*** End Patch\n" });

        JsonElement hashes = result.GetProperty("sha256");
        Assert.Equal(Sha("one\nTWO\nthree\n"), hashes.GetProperty("a.txt").GetString());
        Assert.Equal(Sha("hi\n"), hashes.GetProperty("new.txt").GetString());
        Assert.Equal("absent", hashes.GetProperty("gone.txt").GetString());
    }

    [Fact]
    public async Task A_patch_whose_files_are_as_expected_applies()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");
        this.ws.Write("b.txt", "bee\n");

        await this.ws.Invoke(this.tool, new { patch = EditBoth, expect = new Dictionary<string, string> { ["a.txt"] = Sha("one\ntwo\nthree\n"), ["b.txt"] = Sha("bee\n"), ["c.txt"] = "absent" } });

        Assert.Equal("one\nTWO\nthree\n", this.ws.Read("a.txt"));
        Assert.Equal("BEE\n", this.ws.Read("b.txt"));
    }

    [Fact]
    public async Task A_file_changed_outside_the_hunks_is_a_patch_conflict_naming_it_and_no_file_is_written()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");
        this.ws.Write("b.txt", "bee\n");
        string expectedB = Sha("bee\n");
        this.ws.Write("b.txt", "bee\nadded by someone else\n");

        ToolException refused = await this.ws.Fails(this.tool, new { patch = EditBoth, expect = new Dictionary<string, string> { ["a.txt"] = Sha("one\ntwo\nthree\n"), ["b.txt"] = expectedB } });

        Assert.Equal(ToolErrorDetails.PatchConflict, refused.Detail);
        Assert.Contains("'b.txt'", refused.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'a.txt'", refused.Error.Message, StringComparison.Ordinal);
        Assert.False(refused.Error.Retryable);
        Assert.Equal("one\ntwo\nthree\n", this.ws.Read("a.txt"));
        Assert.Equal("bee\nadded by someone else\n", this.ws.Read("b.txt"));
    }

    [Fact]
    public async Task A_file_changed_inside_a_hunk_is_a_patch_conflict_too_not_a_context_error()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");
        string expected = Sha("one\ntwo\nthree\n");
        this.ws.Write("a.txt", "one\nzwei\nthree\n");

        ToolException refused = await this.ws.Fails(this.tool, new { patch = EditA, expect = new Dictionary<string, string> { ["a.txt"] = expected } });

        Assert.Equal(ToolErrorDetails.PatchConflict, refused.Detail);
        Assert.Contains("'a.txt'", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal("one\nzwei\nthree\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task A_file_expected_absent_that_exists_is_a_conflict()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");
        this.ws.Write("c.txt", "surprise\n");

        ToolException refused = await this.ws.Fails(this.tool, new { patch = EditA, expect = new Dictionary<string, string> { ["c.txt"] = "absent" } });

        Assert.Equal(ToolErrorDetails.PatchConflict, refused.Detail);
        Assert.Equal("one\ntwo\nthree\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task A_retry_after_the_patch_was_applied_is_not_a_conflict()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");
        var args = new { patch = EditA, expect = new Dictionary<string, string> { ["a.txt"] = Sha("one\ntwo\nthree\n") } };
        await this.ws.Invoke(this.tool, args);

        JsonElement retried = await this.ws.Invoke(this.tool, args);

        Assert.Equal(["a.txt"], retried.Strings("alreadyApplied"));
        Assert.Equal("one\nTWO\nthree\n", this.ws.Read("a.txt"));
    }

    [Fact]
    public async Task An_expectation_that_is_not_a_hash_is_refused_as_invalid()
    {
        this.ws.Write("a.txt", "one\ntwo\nthree\n");

        ToolException refused = await this.ws.Fails(this.tool, new { patch = EditA, expect = new Dictionary<string, string> { ["a.txt"] = "latest" } });

        Assert.Equal(ToolErrorDetails.InvalidArgument, refused.Detail);
        Assert.Equal("one\ntwo\nthree\n", this.ws.Read("a.txt"));
    }
}
