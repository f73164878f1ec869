using System.Reflection;
using System.Security;
using System.Text;

namespace ScriptHarness.Tests.Packages.Support;

/// <summary>
/// The packages scripts/test.sh packed into <c>artifacts/feed</c> (packed here when missing), a
/// nuget.config that takes ScriptHarness packages from that feed only and everything else from
/// the machine's own sources, a private packages folder (so a package of the same version cached
/// by an earlier run is never used), and the <c>scriptharness</c> tool installed once into a temp
/// tool path for every test.
/// </summary>
public sealed class LocalFeed : IAsyncLifetime
{
    /// <summary>The packages a user installs: the tool and the four libraries.</summary>
    public static readonly string[] PackageIds =
        ["ScriptHarness", "ScriptHarness.ScriptRuntime", "ScriptHarness.Activities", "ScriptHarness.Durable", "ScriptHarness.Orchestrations"];

    private readonly string root = Path.Combine(Path.GetTempPath(), "sh-packages-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The version every package of this build carries (Directory.Build.props).</summary>
    public string Version { get; } = typeof(LocalFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PackageVersion").Value!;

    /// <summary>The repository's root (the folder of ScriptHarness.sln).</summary>
    public string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The local folder feed.</summary>
    public string FeedPath => Path.Combine(this.RepoRoot, "artifacts", "feed");

    /// <summary>A scratch folder of this test run, removed at the end.</summary>
    public string ScratchRoot => this.root;

    /// <summary>The generated nuget.config.</summary>
    public string NuGetConfigPath => Path.Combine(this.root, "nuget.config");

    /// <summary>The installed tool's command.</summary>
    public string ToolCommand => Path.Combine(this.root, "tools", "scriptharness");

    /// <summary>The environment of every dotnet command the tests start: the private packages folder.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Path.Combine(this.root, "packages"),
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(this.root);
        await this.EnsurePackedAsync();
        await File.WriteAllTextAsync(this.NuGetConfigPath, await this.NuGetConfigAsync());

        ProcessResult install = await ChildProcess.RunAsync(
            "dotnet",
            ["tool", "install", "--tool-path", Path.Combine(this.root, "tools"), "--configfile", this.NuGetConfigPath,
             "scriptharness", "--version", this.Version],
            this.root,
            this.Environment);
        if (install.ExitCode != 0 || !File.Exists(this.ToolCommand))
        {
            throw new InvalidOperationException("dotnet tool install scriptharness from the local feed failed:\n" + install.Transcript);
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(this.root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open leaves the scratch folder for the OS's temp cleanup.
        }

        return Task.CompletedTask;
    }

    private async Task EnsurePackedAsync()
    {
        if (PackageIds.All(id => File.Exists(this.PackagePath(id))))
        {
            return;
        }

        // Not packed by scripts/test.sh (a test run from an IDE or `dotnet test` alone): pack this checkout now.
        foreach (string project in new[] { "ScriptRuntime", "Activities", "Durable", "Orchestrations", "Host" })
        {
            ProcessResult pack = await ChildProcess.RunAsync(
                "dotnet",
                ["pack", Path.Combine(this.RepoRoot, "src", project, project + ".csproj"), "-c", "Release", "-o", this.FeedPath, "--nologo", "-warnaserror"],
                this.RepoRoot);
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"artifacts/feed has no {this.Version} packages and packing src/{project} failed:\n{pack.Transcript}");
            }
        }

        string[] missing = PackageIds.Where(id => !File.Exists(this.PackagePath(id))).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"after packing, {this.FeedPath} still lacks {string.Join(", ", missing)} {this.Version}");
        }
    }

    /// <summary>The path of a package of this version in the feed.</summary>
    public string PackagePath(string id) => Path.Combine(this.FeedPath, $"{id}.{this.Version}.nupkg");

    // ScriptHarness* resolves from the local feed only (package source mapping), so a package of the
    // same id on a public source can never stand in for this build's; all else comes from the
    // sources this machine restores from (dotnet nuget list source), with the machine's package
    // cache first so nothing is downloaded twice.
    private async Task<string> NuGetConfigAsync()
    {
        ProcessResult sources = await ChildProcess.RunAsync("dotnet", ["nuget", "list", "source", "--format", "short"], this.root);
        List<string> machineSources = sources.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToList();
        string cache = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(cache))
        {
            machineSources.Insert(0, cache);
        }

        var xml = new StringBuilder();
        xml.AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        xml.AppendLine("<configuration>");
        xml.AppendLine("  <packageSources>");
        xml.AppendLine("    <clear />");
        xml.AppendLine($"    <add key=\"scriptharness-feed\" value=\"{SecurityElement.Escape(this.FeedPath)}\" />");
        for (int i = 0; i < machineSources.Count; i++)
        {
            xml.AppendLine($"    <add key=\"machine-{i}\" value=\"{SecurityElement.Escape(machineSources[i])}\" />");
        }

        xml.AppendLine("  </packageSources>");
        xml.AppendLine("  <packageSourceMapping>");
        xml.AppendLine("    <packageSource key=\"scriptharness-feed\">");
        xml.AppendLine("      <package pattern=\"ScriptHarness\" />");
        xml.AppendLine("      <package pattern=\"ScriptHarness.*\" />");
        xml.AppendLine("    </packageSource>");
        for (int i = 0; i < machineSources.Count; i++)
        {
            xml.AppendLine($"    <packageSource key=\"machine-{i}\">");
            xml.AppendLine("      <package pattern=\"*\" />");
            xml.AppendLine("    </packageSource>");
        }

        xml.AppendLine("  </packageSourceMapping>");
        xml.AppendLine("</configuration>");
        return xml.ToString();
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScriptHarness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no ScriptHarness.sln above {AppContext.BaseDirectory}");
    }
}
