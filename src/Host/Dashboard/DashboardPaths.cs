namespace ScriptHarness.Host.Dashboard;

/// <summary>The dashboard's routes, in one place so pages link only to what exists.</summary>
internal static class DashboardPaths
{
    public const string Home = "/";
    public const string SignIn = "/signin";
    public const string SignOut = "/signout";
    public const string Live = "/live";
    public const string Css = "/assets/dashboard.css";
    public const string Script = "/assets/dashboard.js";

    public static string Run(string id) => "/runs/" + Uri.EscapeDataString(id);

    public static string RunJson(string id) => Run(id) + "/json";

    public static string RunHistoryJson(string id) => Run(id) + "/history.json";

    public static string Decide(string id) => Run(id) + "/decide";

    public static string Terminate(string id) => Run(id) + "/terminate";

    /// <summary>Whether <paramref name="returnUrl"/> is a path on this server (no scheme, host or protocol-relative form), so sign-in never redirects elsewhere.</summary>
    public static bool IsLocal(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Any(char.IsControl);
}
