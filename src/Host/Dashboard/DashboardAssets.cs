using System.Reflection;

namespace ScriptHarness.Host.Dashboard;

/// <summary>The dashboard's only style sheet and script, embedded in the assembly: nothing is fetched from elsewhere.</summary>
internal static class DashboardAssets
{
    private static readonly Lazy<string> CssText = new(() => Read("dashboard.css"));
    private static readonly Lazy<string> ScriptText = new(() => Read("dashboard.js"));

    public static IResult Css => Results.Text(CssText.Value, "text/css; charset=utf-8");

    public static IResult Script => Results.Text(ScriptText.Value, "text/javascript; charset=utf-8");

    private static string Read(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded.");
        using StreamReader reader = new(stream);
        return reader.ReadToEnd();
    }
}
