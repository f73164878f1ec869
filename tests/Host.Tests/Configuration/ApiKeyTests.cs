using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Http;

namespace ScriptHarness.Tests.Host.Configuration;

public sealed class ApiKeyTests
{
    [Fact]
    public void Only_the_exact_key_matches_and_the_id_reveals_nothing_of_it()
    {
        ApiKey key = ApiKey.FromSecret("s3cret-value")!;
        Assert.True(key.Matches("s3cret-value"));
        Assert.False(key.Matches("s3cret-valu"));
        Assert.False(key.Matches("S3cret-value"));
        Assert.False(key.Matches(string.Empty));
        Assert.False(key.Matches(null));
        Assert.DoesNotContain("s3cret", key.Id, StringComparison.Ordinal);
        Assert.Equal(ApiKey.FromSecret("s3cret-value")!.Id, key.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_secret_is_no_key(string? secret) => Assert.Null(ApiKey.FromSecret(secret));

    [Fact]
    public void A_workspace_outside_the_roots_or_relative_is_refused()
    {
        string root = Path.Combine(Path.GetTempPath(), "ws-root-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "a"));
        try
        {
            HarnessHostOptions options = new() { DefaultWorkspace = root };
            Assert.True(WorkspaceGuard.TryResolve(Path.Combine(root, "a"), options, out string ok, out _));
            Assert.Equal(Path.Combine(root, "a"), ok);
            Assert.True(WorkspaceGuard.TryResolve(null, options, out string fallback, out _));
            Assert.Equal(root, fallback);
            Assert.False(WorkspaceGuard.TryResolve("/", options, out _, out _));
            Assert.False(WorkspaceGuard.TryResolve(root + "-sibling", options, out _, out _));
            Assert.False(WorkspaceGuard.TryResolve(Path.Combine(root, "a", "..", ".."), options, out _, out _));
            Assert.False(WorkspaceGuard.TryResolve("a", options, out _, out _));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
