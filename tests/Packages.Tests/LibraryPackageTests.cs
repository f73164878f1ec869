using ScriptHarness.Tests.Packages.Support;

namespace ScriptHarness.Tests.Packages;

/// <summary>
/// A console project outside the repository references ScriptHarness.Orchestrations from the local
/// feed and runs a script that calls a tool of its own: the README's library quick start
/// (Consumer/Program.cs.txt), compiled and run as a user would.
/// </summary>
[Collection(LocalFeedCollection.Name)]
public sealed class LibraryPackageTests(LocalFeed feed)
{
    [Fact]
    public async Task Consumer_project_runs_a_script_with_its_own_tool_from_the_packages()
    {
        string project = Directory.CreateDirectory(Path.Combine(feed.ScratchRoot, "consumer")).FullName;
        string template = Path.Combine(AppContext.BaseDirectory, "Consumer");
        File.Copy(Path.Combine(template, "Program.cs.txt"), Path.Combine(project, "Program.cs"));
        File.Copy(Path.Combine(template, "Consumer.csproj.txt"), Path.Combine(project, "Consumer.csproj"));
        File.Copy(feed.NuGetConfigPath, Path.Combine(project, "nuget.config"));

        ProcessResult run = await ChildProcess.RunAsync(
            "dotnet",
            ["run", "--project", Path.Combine(project, "Consumer.csproj"), $"-p:ScriptHarnessVersion={feed.Version}"],
            project,
            feed.Environment);

        Assert.True(run.ExitCode == 0, run.Transcript);
        // The script's return value, built from what the custom tool answered.
        Assert.Contains("Completed: T-7 is open", run.StandardOutput, StringComparison.Ordinal);
        // The run was stored where AddScriptHarness puts it by default: the embedded SQLite file.
        Assert.True(File.Exists(Path.Combine(project, ".scriptharness", "harness.db")), "no SQLite store in the consumer's folder");
    }

    [Fact]
    public void Quick_start_setup_fits_in_ten_lines()
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs.txt"));
        // Setup: everything after the usings up to starting the turn, counted as statements.
        int statements = lines.SkipWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0)
            .TakeWhile(l => !l.StartsWith("TurnStart", StringComparison.Ordinal))
            .Count(l => l.TrimEnd().EndsWith(';'));
        Assert.InRange(statements, 1, 10);
    }
}
