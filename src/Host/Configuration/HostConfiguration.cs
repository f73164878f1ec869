using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ScriptHarness.Host.Configuration;

/// <summary>
/// Builds the process configuration: host.json (checked against the shipped schema), then
/// environment variables <c>SCRIPTHARNESS__SECTION__KEY</c>, then command-line overrides, each
/// overriding the one before.
/// </summary>
internal static class HostConfiguration
{
    /// <summary>Prefix of environment variables that override host.json keys.</summary>
    public const string EnvironmentPrefix = "SCRIPTHARNESS__";

    /// <summary>Loads and checks the configuration; throws <see cref="HostConfigurationException"/> naming every bad key.</summary>
    /// <param name="hostJsonPath">The host.json to read; when null, ./host.json if it exists.</param>
    /// <param name="overrides">Command-line overrides as configuration keys (<c>durable:backend</c>).</param>
    public static IConfigurationRoot Load(string? hostJsonPath, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        string? path = hostJsonPath ?? (File.Exists("host.json") ? Path.GetFullPath("host.json") : null);
        ConfigurationBuilder builder = new();
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                throw new HostConfigurationException($"The configuration file '{path}' does not exist.");
            }

            CheckAgainstSchema(path);
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    /// <summary>The shipped JSON schema of host.json.</summary>
    public static JsonDocument LoadSchema()
    {
        using Stream stream = typeof(HostConfiguration).Assembly.GetManifestResourceStream("host.schema.json")
            ?? throw new InvalidOperationException("host.schema.json is not embedded in the Host assembly.");
        return JsonDocument.Parse(stream);
    }

    private static void CheckAgainstSchema(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new HostConfigurationException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        using (JsonDocument schema = LoadSchema())
        {
            IReadOnlyList<string> problems = HostJsonValidator.Validate(document.RootElement, schema.RootElement);
            if (problems.Count > 0)
            {
                throw new HostConfigurationException($"'{path}' has {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
            }
        }
    }
}
