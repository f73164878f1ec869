using ScriptHarness.Activities.Ignore;

namespace ScriptHarness.Tests.Activities.Search;

public sealed class GitIgnoreTests
{
    [Theory]
    [InlineData("*.log", "debug.log", false, true)]
    [InlineData("*.log", "deep/down/debug.log", false, true)]
    [InlineData("*.log", "debug.log.txt", false, null)]
    [InlineData("/build", "build", true, true)]
    [InlineData("/build", "src/build", true, null)]
    [InlineData("build/", "build", false, null)]
    [InlineData("build/", "src/build", true, true)]
    [InlineData("docs/*.md", "docs/a.md", false, true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false, null)]
    [InlineData("docs/**/*.md", "docs/sub/deeper/a.md", false, true)]
    [InlineData("**/temp", "a/b/temp", true, true)]
    [InlineData("out/**", "out/x/y.txt", false, true)]
    [InlineData("fo?.txt", "foo.txt", false, true)]
    [InlineData("fo?.txt", "fo/.txt", false, null)]
    [InlineData("[abc].txt", "b.txt", false, true)]
    [InlineData("[!abc].txt", "b.txt", false, null)]
    [InlineData(@"\#hash", "#hash", false, true)]
    [InlineData("# comment", "# comment", false, null)]
    public void Patterns_follow_gitignore_rules(string pattern, string path, bool isDirectory, bool? ignored)
    {
        Assert.Equal(ignored, IgnoreRules.Parse(pattern + "\n").Decide(path, isDirectory));
    }

    [Fact]
    public void The_last_matching_pattern_wins_and_negation_re_includes()
    {
        IgnoreRules rules = IgnoreRules.Parse("*.log\n!keep.log\n");

        Assert.Equal(true, rules.Decide("a.log", false));
        Assert.Equal(false, rules.Decide("keep.log", false));
    }

    [Fact]
    public void A_deeper_ignore_file_overrides_a_shallower_one()
    {
        var stack = new IgnoreStack();
        stack.Push(string.Empty, IgnoreRules.Parse("*.gen.cs\n"));
        stack.Push("src/keep", IgnoreRules.Parse("!*.gen.cs\n"));

        Assert.True(stack.IsIgnored("src/a.gen.cs", false));
        Assert.False(stack.IsIgnored("src/keep/b.gen.cs", false));
        Assert.False(stack.IsIgnored("src/a.cs", false));
    }
}
