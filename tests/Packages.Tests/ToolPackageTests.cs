using System.IO.Compression;
using ScriptHarness.Tests.Packages.Support;

namespace ScriptHarness.Tests.Packages;

/// <summary>The <c>scriptharness</c> dotnet tool, installed from the local feed into a temp tool path, does the README's main job.</summary>
[Collection(LocalFeedCollection.Name)]
public sealed class ToolPackageTests(LocalFeed feed)
{
    [Fact]
    public async Task Installed_tool_runs_the_explore_repo_example_and_prints_its_report()
    {
        string work = Directory.CreateDirectory(Path.Combine(feed.ScratchRoot, "explore")).FullName;
        string store = Path.Combine(work, "harness.db");

        ProcessResult run = await ChildProcess.RunAsync(
            feed.ToolCommand,
            ["run", Path.Combine(feed.RepoRoot, "examples", "explore-repo.md"),
             "--workspace", Path.Combine(feed.RepoRoot, "examples", "workspace"), "--store", store],
            work,
            feed.Environment);

        Assert.True(run.ExitCode == 0, run.Transcript);
        // The script's return value: the workspace's files, the functions grep found, the README's title.
        Assert.Contains(": completed", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"src/greet.py:12 def farewell(name):\"", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"readmeTitle\":\"# greeter\"", run.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(store), "the run was not stored in the --store file");
    }

    [Fact]
    public async Task Installed_tool_names_itself_scriptharness_in_its_usage()
    {
        ProcessResult help = await ChildProcess.RunAsync(feed.ToolCommand, ["run", "--help"], feed.ScratchRoot, feed.Environment);

        Assert.True(help.ExitCode == 0, help.Transcript);
        Assert.Contains("scriptharness run <FILE>", help.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("ScriptHarness.Host", help.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ScriptHarness.ScriptRuntime")]
    [InlineData("ScriptHarness.Activities")]
    [InlineData("ScriptHarness.Durable")]
    [InlineData("ScriptHarness.Orchestrations")]
    [InlineData("ScriptHarness.Extensions.AI")]
    [InlineData("ScriptHarness")]
    public void Each_package_carries_its_readme_license_and_symbols(string id)
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath(id));
        ZipArchiveEntry nuspecEntry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(nuspecEntry.Open());
        string nuspec = reader.ReadToEnd();

        Assert.Contains("<readme>PACKAGE.md</readme>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<description>", nuspec, StringComparison.Ordinal);
        Assert.NotNull(package.GetEntry("PACKAGE.md"));
        Assert.True(File.Exists(Path.ChangeExtension(feed.PackagePath(id), ".snupkg")), $"{id} has no symbols package");
    }
}
