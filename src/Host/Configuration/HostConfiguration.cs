using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ScriptHarness.Host.Configuration;

/// <summary>
/// Builds the process configuration, each layer overriding the one before: the Host's defaults
/// (the embedded SQLite store), host.json (checked against the shipped schema), environment
/// variables <c>SCRIPTHARNESS__SECTION__KEY</c> (their keys checked against the schema too), then
/// command-line overrides.
/// </summary>
internal static class HostConfiguration
{
    /// <summary>Prefix of environment variables that override host.json keys.</summary>
    public const string EnvironmentPrefix = "SCRIPTHARNESS__";

    /// <summary>
    /// What the Host sets before host.json: the embedded SQLite store is the default backend, in
    /// the user's data folder (<see cref="StoreLocation.DefaultDatabasePath"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["durable:backend"] = "sqlite",
        [StoreLocation.DatabasePathKey] = StoreLocation.DefaultDatabasePath,
    };

    /// <summary>Loads and checks the configuration; throws <see cref="HostConfigurationException"/> naming every bad key.</summary>
    /// <param name="hostJsonPath">The host.json to read; when null, ./host.json if it exists.</param>
    /// <param name="overrides">Command-line overrides as configuration keys (<c>durable:backend</c>).</param>
    /// <param name="environment">The environment variables; the process's when null.</param>
    public static IConfigurationRoot Load(
        string? hostJsonPath,
        IReadOnlyDictionary<string, string?>? overrides = null,
        IDictionary? environment = null)
    {
        string? path = hostJsonPath is not null ? Path.GetFullPath(hostJsonPath)
            : File.Exists("host.json") ? Path.GetFullPath("host.json") : null;
        ConfigurationBuilder builder = new();
        builder.AddInMemoryCollection(Defaults);
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                throw new HostConfigurationException($"The configuration file '{path}' does not exist.");
            }

            // Read once: the bytes checked are the bytes bound (and the ones the tools are read from).
            byte[] content = File.ReadAllBytes(path);
            CheckAgainstSchema(path, content);
            builder.Add(new HostJsonSource(path, content));
            builder.AddInMemoryCollection(StoreLocation.AnchoredAt(path, new ConfigurationBuilder().AddJsonStream(new MemoryStream(content, writable: false)).Build()));
        }

        Dictionary<string, string?> fromEnvironment = EnvironmentOverrides(environment ?? Environment.GetEnvironmentVariables());
        builder.AddInMemoryCollection(fromEnvironment);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    /// <summary>The override of <c>--store PATH</c>: the SQLite backend at that file.</summary>
    public static Dictionary<string, string?> StoreOverride(string storePath) => new()
    {
        ["durable:backend"] = "sqlite",
        ["durable:sqlite:databasePath"] = Path.GetFullPath(storePath),
    };

    /// <summary>The shipped JSON schema of host.json.</summary>
    public static JsonDocument LoadSchema()
    {
        using Stream stream = typeof(HostConfiguration).Assembly.GetManifestResourceStream("host.schema.json")
            ?? throw new InvalidOperationException("host.schema.json is not embedded in the Host assembly.");
        return JsonDocument.Parse(stream);
    }

    // The variables are read here, not by AddEnvironmentVariables, so that a misspelt key fails
    // start-up like a misspelt key in host.json does, instead of being silently ignored.
    private static Dictionary<string, string?> EnvironmentOverrides(IDictionary environment)
    {
        Dictionary<string, string?> values = new(StringComparer.OrdinalIgnoreCase);
        List<string> problems = [];
        using JsonDocument schema = LoadSchema();
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is not string name || !name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string key = name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            if (!HostJsonValidator.IsKnownKey(key, schema.RootElement))
            {
                problems.Add($"environment variable {name} names an unknown host.json key '{key}'.");
                continue;
            }

            values[key] = entry.Value as string;
        }

        return problems.Count == 0
            ? values
            : throw new HostConfigurationException($"{problems.Count} problem(s) in the environment:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
    }

    /// <summary>How host.json is parsed: comments and trailing commas allowed, as the configuration's JSON provider does.</summary>
    public static JsonDocumentOptions JsonOptions { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The JSON bytes of a file without its UTF-8 byte order mark, if it has one.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> content) =>
        content.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? content[3..] : content;

    private static void CheckAgainstSchema(string path, byte[] content)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(WithoutBom(content), JsonOptions);
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
