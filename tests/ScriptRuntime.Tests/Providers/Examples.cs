using System.Text.Json.Nodes;

namespace ScriptHarness.Tests.ScriptRuntime.Providers;

/// <summary>The recorded provider responses under <c>examples/</c>.</summary>
internal static class Examples
{
    public static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root(), "examples", .. path]));

    public static JsonObject Json(params string[] path) => JsonNode.Parse(Read(path))!.AsObject();

    private static string Root()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScriptHarness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (ScriptHarness.sln) was not found.");
    }
}
