using System.Text.Json;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Patching;

/// <summary>
/// The policy judges patch paths as written; a symbolic link already in the workspace must not
/// carry a write it allowed into a <c>.git</c> directory (git config and hooks run programs).
/// </summary>
public sealed class GitMetadataGuardTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ApplyPatchTool tool = new();

    public GitMetadataGuardTests()
    {
        this.ws.Write("sub/.git/config", "[core]\n");
        this.ws.Write("docs/readme.md", "hello\n");
        File.CreateSymbolicLink(this.ws.PathOf("meta"), "sub/.git");
        File.CreateSymbolicLink(this.ws.PathOf("top"), ".");
    }

    public void Dispose() => this.ws.Dispose();

    [Theory]
    [InlineData("*** Begin Patch\n*** Add File: meta/hooks/post-checkout\n+#!/bin/sh\n+touch pwned\n*** End Patch\n")]
    [InlineData("*** Begin Patch\n*** Update File: meta/config\n@@\n-[core]\n+[core]\n+\tfsmonitor = touch pwned\n*** End Patch\n")]
    [InlineData("*** Begin Patch\n*** Delete File: meta/config\n*** End Patch\n")]
    [InlineData("*** Begin Patch\n*** Update File: docs/readme.md\n*** Move to: meta/info/attributes\n@@\n-hello\n+* diff=evil\n*** End Patch\n")]
    [InlineData("*** Begin Patch\n*** Add File: top/sub/.git/hooks/x\n+x\n*** Add File: top/meta/hooks/y\n+y\n*** End Patch\n")]
    public async Task A_write_through_a_link_into_a_git_directory_is_refused_and_nothing_changes(string patch)
    {
        ToolException refused = await this.ws.Fails(this.tool, new { patch });
        Assert.Equal(ToolErrorDetails.GitMetadataThroughLink, refused.Detail);
        Assert.Equal("[core]\n", this.ws.Read("sub/.git/config"));
        Assert.Equal("hello\n", this.ws.Read("docs/readme.md"));
        Assert.False(Directory.Exists(this.ws.PathOf("sub/.git/hooks")));
        Assert.False(Directory.Exists(this.ws.PathOf("sub/.git/info")));
    }

    [Fact]
    public async Task A_write_that_names_the_git_directory_itself_is_the_policys_to_judge()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { patch = "*** Begin Patch\n*** Add File: sub/.git/description\n+d\n*** End Patch\n" });
        Assert.Equal(["sub/.git/description"], result.Strings("added"));
    }

    [Fact]
    public async Task A_link_to_an_ordinary_directory_is_still_followed()
    {
        await this.ws.Invoke(this.tool, new { patch = "*** Begin Patch\n*** Add File: top/docs/new.md\n+n\n*** End Patch\n" });
        Assert.Equal("n\n", this.ws.Read("docs/new.md"));
    }
}
