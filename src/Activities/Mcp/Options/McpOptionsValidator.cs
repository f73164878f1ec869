using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ScriptHarness.Activities.Mcp.Options;

/// <summary>Refuses bad <c>mcp</c> settings at start, naming each key.</summary>
internal sealed partial class McpOptionsValidator : IValidateOptions<McpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, McpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> problems = [.. Problems(options)];
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Every problem of <paramref name="options"/>, each naming its key.</summary>
    public static IEnumerable<string> Problems(McpOptions options)
    {
        foreach ((string server, McpServerOptions settings) in options.Servers)
        {
            string at = $"mcp.servers.{server}";
            if (!Identifier().IsMatch(server))
            {
                yield return $"{at}: a server name must be a JavaScript identifier (it becomes tools.mcp.{server}).";
            }

            bool stdio = !string.IsNullOrWhiteSpace(settings.Command);
            bool http = !string.IsNullOrWhiteSpace(settings.Url);
            if (stdio == http)
            {
                yield return $"{at}: set exactly one of command (stdio) or url (Streamable HTTP).";
            }

            if (http && (!Uri.TryCreate(settings.Url, UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https")))
            {
                yield return $"{at}.url must be an absolute http or https URL.";
            }

            if (stdio && settings.Headers.Count > 0)
            {
                yield return $"{at}.headers applies to url servers only.";
            }

            if (http && (settings.Args.Count > 0 || settings.Env.Count > 0 || settings.WorkingDirectory is not null))
            {
                yield return $"{at}: args, env and workingDirectory apply to command servers only.";
            }

            foreach (string variable in settings.Env.Concat(settings.Headers.Values))
            {
                // Names only: a value (a secret) written here by mistake is refused, not passed on.
                if (!EnvironmentName().IsMatch(variable))
                {
                    yield return $"{at}: '{(variable.Length > 40 ? variable[..8] + "..." : variable)}' is not an environment variable name; env and headers hold names of variables, never values.";
                }
            }

            if (settings.TimeoutMs <= 0 || settings.StartTimeoutMs <= 0)
            {
                yield return $"{at}: timeoutMs and startTimeoutMs must be positive.";
            }
        }
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
