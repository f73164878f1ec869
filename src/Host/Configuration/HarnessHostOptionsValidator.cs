using Microsoft.Extensions.Options;

namespace ScriptHarness.Host.Configuration;

/// <summary>Refuses bad <c>host</c> settings at start, naming the key.</summary>
internal sealed class HarnessHostOptionsValidator : IValidateOptions<HarnessHostOptions>
{
    public ValidateOptionsResult Validate(string? name, HarnessHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> problems = [];
        if (string.IsNullOrWhiteSpace(options.DefaultWorkspace))
        {
            problems.Add("host:defaultWorkspace must not be empty.");
        }

        foreach (string url in (options.Http.Urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
            {
                problems.Add($"host:http:urls has '{url}', which is not an http or https URL.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Http.Urls))
        {
            problems.Add("host:http:urls must name at least one URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Http.ApiKeyVariable))
        {
            problems.Add("host:http:apiKeyVariable must name an environment variable.");
        }

        if (options.Http.MaxRequestBodyBytes is < 1024 or > 64L * 1024 * 1024)
        {
            problems.Add("host:http:maxRequestBodyBytes must be between 1024 and 67108864.");
        }

        if (options.Http.MaxPageSize is < 1 or > 1000)
        {
            problems.Add("host:http:maxPageSize must be between 1 and 1000.");
        }

        if (options.WorkspaceRoots.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("host:workspaceRoots must not hold empty entries.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
