using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScriptHarness.Tests.ScriptRuntime.Serialization;

/// <summary>Compares serialized JSON with a golden file under Serialization/Goldens, exactly.</summary>
internal static class Golden
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Asserts that <paramref name="actual"/> written indented equals the golden file. With
    /// SCRIPTHARNESS_UPDATE_GOLDENS=1 it rewrites the file instead (review the diff before committing).
    /// </summary>
    public static void AssertMatches(string name, JsonNode actual)
    {
        string path = Path.Combine(Directory(), name);
        string text = actual.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        if (Environment.GetEnvironmentVariable("SCRIPTHARNESS_UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(path, text);
            return;
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), text);
    }

    private static string Directory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScriptHarness.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "ScriptRuntime.Tests", "Serialization", "Goldens");
            }
        }

        throw new InvalidOperationException("The repository root (ScriptHarness.sln) was not found above the test binaries.");
    }
}
