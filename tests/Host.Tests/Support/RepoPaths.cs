namespace ScriptHarness.Tests.Host.Support;

/// <summary>Where the repository, the examples and the Host's build output are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The Host's own build output (same configuration as the tests), run as <c>dotnet ScriptHarness.Host.dll</c>.</summary>
    public static string HostDll
    {
        get
        {
            // tests/Host.Tests/bin/<Configuration>/net10.0/
            DirectoryInfo output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = output.Parent!.Name;
            string dll = Path.Combine(Root, "src", "Host", "bin", configuration, output.Name, "ScriptHarness.Host.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build src/Host first: {dll} is missing.");
        }
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScriptHarness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ScriptHarness.sln not found above the test output.");
    }
}
