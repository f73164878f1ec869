using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ScriptHarness.Host.Cli;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Architecture;

/// <summary>
/// The layers' dependency rules, checked on the real project files and the built Host assembly:
/// each project references only the layers below it, and the Host reaches the durable backbone
/// only through <c>ScriptRunClient</c> (no framework type, no raw durable client).
/// </summary>
public sealed class DependencyRulesTests
{
    // Each src project and the src projects it may reference. A new project must be placed here.
    private static readonly Dictionary<string, string[]> AllowedReferences = new(StringComparer.Ordinal)
    {
        ["ScriptRuntime"] = [],
        ["Activities"] = ["ScriptRuntime"],
        ["Durable"] = [],
        ["Orchestrations"] = ["ScriptRuntime", "Activities", "Durable"],
        ["Host"] = ["ScriptRuntime", "Activities", "Durable", "Orchestrations"],
        // The agent-loop door for Microsoft.Extensions.AI: a door beside the Host, through ScriptRunClient.
        ["Extensions.AI"] = ["ScriptRuntime", "Activities", "Durable", "Orchestrations"],
    };

    [Fact]
    public void Every_project_references_only_the_layers_below_it()
    {
        List<string> violations = [];
        foreach (string csproj in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            string project = Path.GetFileNameWithoutExtension(csproj);
            if (!AllowedReferences.TryGetValue(project, out string[]? allowed))
            {
                violations.Add($"{project}: not placed in the layers (add it to {nameof(AllowedReferences)} with what it may reference)");
                continue;
            }

            foreach (string referenced in ProjectReferences(csproj).Where(r => !allowed.Contains(r)))
            {
                violations.Add($"{project} references {referenced}");
            }
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_host_references_no_durable_framework_package_directly()
    {
        string[] packages = [.. XDocument.Load(Path.Combine(RepoPaths.Root, "src", "Host", "Host.csproj"))
            .Descendants("PackageReference")
            .Select(p => (string?)p.Attribute("Include") ?? string.Empty)
            .Where(p => p.Contains("DurableTask", StringComparison.OrdinalIgnoreCase))];

        Assert.Empty(packages);
    }

    [Fact]
    public void The_host_uses_no_DurableTask_Core_type_and_not_the_raw_durable_client()
    {
        using FileStream stream = File.OpenRead(typeof(HostCli).Assembly.Location);
        using PEReader pe = new(stream);
        MetadataReader metadata = pe.GetMetadataReader();

        // Every type the assembly uses from another assembly (in a signature, a generic argument, a
        // cast, a call) has a TypeReference row; a forbidden one cannot hide from this list.
        string[] forbidden = [.. metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Select(reference => (Namespace: metadata.GetString(reference.Namespace), Name: metadata.GetString(reference.Name)))
            .Where(t => t.Namespace.StartsWith("DurableTask.", StringComparison.Ordinal)
                || t.Namespace == "DurableTask"
                || (t.Namespace == "Microsoft.DurableTask.Client" && t.Name == "DurableTaskClient"))
            .Select(t => $"{t.Namespace}.{t.Name}")
            .Distinct()];

        Assert.True(forbidden.Length == 0, "src/Host uses " + string.Join(", ", forbidden) + ": go through ScriptRunClient instead.");
    }

    // The Web SDK generates a public Program for the top-level statements (for test hosts); it has no members of ours.
    [Fact]
    public void The_host_is_an_executable_that_exports_no_types()
    {
        string[] exported = [.. typeof(HostCli).Assembly.GetExportedTypes().Select(t => t.FullName ?? t.Name).Where(name => name != "Program")];
        Assert.True(exported.Length == 0, "public in src/Host: " + string.Join(", ", exported));
    }

    private static IEnumerable<string> ProjectReferences(string csproj) =>
        XDocument.Load(csproj)
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string?)r.Attribute("Include") ?? string.Empty).Replace('\\', Path.DirectorySeparatorChar)));
}
