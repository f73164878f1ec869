using System.Text.Json;

namespace ScriptHarness.Tests.Activities.Support;

internal static class Json
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static int Int(this JsonElement e, string name) => e.GetProperty(name).GetInt32();

    public static bool Bool(this JsonElement e, string name) => e.GetProperty(name).GetBoolean();

    public static string[] Strings(this JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToArray();

    public static JsonElement[] Items(this JsonElement e, string name) => e.GetProperty(name).EnumerateArray().ToArray();
}
