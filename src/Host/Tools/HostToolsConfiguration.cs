using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Options;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Host.Configuration;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Host.Tools;

/// <summary>
/// host.json <c>tools</c>: checked when the process starts (every problem names its key,
/// <c>tools:0:command</c>) and added to the tool registry, so they are declared to the model
/// (<c>tools --typescript</c>, <c>GET /api/tools</c>), validated against their schema on every
/// call and judged by the approval policy by the effect they declare.
/// </summary>
/// <remarks>
/// The section is read from host.json's JSON (<see cref="HostToolsSection"/>), not bound through
/// <see cref="IConfiguration"/>: a tool's <c>parameters</c> is a JSON Schema, and configuration
/// keys would turn its numbers, booleans and arrays into strings. Environment variables and
/// command-line overrides still override it key by key.
/// </remarks>
internal static partial class HostToolsConfiguration
{
    /// <summary>The section's name.</summary>
    public const string SectionName = "tools";

    /// <summary>A tool the client answers.</summary>
    public const string HostResolved = "host-resolved";

    /// <summary>A tool backed by a program.</summary>
    public const string Command = "command";

    private static readonly Dictionary<string, ToolEffect> Effects = new(StringComparer.Ordinal)
    {
        ["read"] = ToolEffect.Read,
        ["write"] = ToolEffect.Write,
        ["execute"] = ToolEffect.Execute,
        ["network"] = ToolEffect.Network,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    /// <summary>The tools (built-in, MCP, host.json <c>tools</c>) every Host process registers.</summary>
    public static IServiceCollection AddHarnessTools(this IServiceCollection services, IConfiguration configuration) =>
        services.AddScriptHarnessTools(configuration, tools => Register(tools, configuration));

    /// <summary>Adds the tools of <paramref name="configuration"/>'s host.json to <paramref name="tools"/>; throws <see cref="HostConfigurationException"/> naming every bad key.</summary>
    public static void Register(ToolRegistryBuilder tools, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(configuration);
        if (ReadSection(configuration) is not { } section)
        {
            return;
        }

        ActivitiesOptions activities = new();
        configuration.GetSection(ActivitiesOptions.SectionName).Bind(activities);
        List<string> problems = [];
        List<(HostToolDefinition Tool, ToolDescriptor Descriptor, string? Program)> valid = [];
        HashSet<string> names = new(BuiltInTools.Names, StringComparer.Ordinal) { "mcp" };
        for (int i = 0; i < section.Definitions.Count; i++)
        {
            if (Check(section.Definitions[i], $"{SectionName}[{i.ToString(CultureInfo.InvariantCulture)}]", section.Folder, activities.Exec, names, problems) is { } checkedTool)
            {
                valid.Add(checkedTool);
            }
        }

        if (problems.Count > 0)
        {
            throw new HostConfigurationException($"host.json has {problems.Count} problem(s) in '{SectionName}':{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        foreach ((HostToolDefinition tool, ToolDescriptor descriptor, string? program) in valid)
        {
            if (tool.Kind == HostResolved)
            {
                tools.AddExternal(descriptor);
                continue;
            }

            string[] command = [program!, .. tool.Command!.Skip(1)];
            int timeoutMs = tool.TimeoutMs ?? activities.Exec.DefaultTimeoutMs;
            tools.Add(new CommandTool(descriptor, command, timeoutMs, ExecOptionsFor(configuration, program!)));
        }
    }

    private static (HostToolDefinition Tool, ToolDescriptor Descriptor, string? Program)? Check(
        HostToolDefinition tool, string key, string folder, ExecOptions exec, HashSet<string> names, List<string> problems)
    {
        int before = problems.Count;
        foreach (string unknown in tool.Unknown?.Keys ?? Enumerable.Empty<string>())
        {
            problems.Add($"host.json has an unknown key '{key}:{unknown}'; known keys here: name, description, kind, parameters, result, effect, command, timeoutMs, retry.");
        }

        if (string.IsNullOrWhiteSpace(tool.Name))
        {
            problems.Add($"host.json key '{key}:name' is required: the name a script calls (tools.<name>).");
        }
        else if (!Identifier().IsMatch(tool.Name))
        {
            problems.Add($"host.json key '{key}:name' is '{tool.Name}'; it must be a JavaScript identifier (letters, digits, _ and $, not starting with a digit).");
        }
        else if (!names.Add(tool.Name))
        {
            problems.Add($"host.json key '{key}:name' is '{tool.Name}', which is already a tool (a built-in, mcp, or an earlier entry of tools).");
        }

        if (string.IsNullOrWhiteSpace(tool.Description))
        {
            problems.Add($"host.json key '{key}:description' is required: the model reads it to know what the tool does.");
        }

        if (tool.Parameters is not { ValueKind: JsonValueKind.Object } parameters)
        {
            problems.Add($"host.json key '{key}:parameters' is required: the JSON Schema (an object) of the tool's arguments.");
        }
        else
        {
            CheckSchema(parameters, $"{key}:parameters", problems);
            if (!parameters.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
            {
                problems.Add($"host.json key '{key}:parameters:type' must be \"object\": a tool takes one object of named arguments.");
            }
        }

        if (tool.Result is { } result)
        {
            CheckSchema(result, $"{key}:result", problems);
        }

        ToolEffect effect = ToolEffect.Unknown;
        foreach (string name in tool.Effect ?? [])
        {
            if (Effects.TryGetValue(name, out ToolEffect flag))
            {
                effect |= flag;
            }
            else
            {
                problems.Add($"host.json key '{key}:effect' holds '{name}'; allowed: {string.Join(", ", Effects.Keys)}.");
            }
        }

        string? program = null;
        switch (tool.Kind)
        {
            case HostResolved:
                if (tool.Command is not null || tool.TimeoutMs is not null || tool.Retry is not null)
                {
                    problems.Add($"host.json key '{key}:{(tool.Command is not null ? "command" : tool.TimeoutMs is not null ? "timeoutMs" : "retry")}' belongs to a command tool; a host-resolved tool is answered by the client.");
                }

                break;
            case Command:
                program = CheckCommand(tool, key, folder, problems);
                problems.AddRange(tool.Retry?.Problems($"host.json key '{key}:retry'") ?? []);
                if (tool.TimeoutMs is { } timeout && (timeout < 1 || timeout > exec.MaxTimeoutMs))
                {
                    problems.Add($"host.json key '{key}:timeoutMs' is {timeout}; allowed: 1 to activities:exec:maxTimeoutMs ({exec.MaxTimeoutMs}).");
                }

                break;
            case null:
                problems.Add($"host.json key '{key}:kind' is required; allowed: {HostResolved}, {Command}.");
                break;
            default:
                problems.Add($"host.json key '{key}:kind' is '{tool.Kind}'; allowed: {HostResolved}, {Command}.");
                break;
        }

        if (problems.Count > before)
        {
            return null;
        }

        ToolDescriptor descriptor = new(tool.Name!, tool.Description!, tool.Parameters!.Value.Clone()) { ResultSchema = tool.Result?.Clone(), Effect = effect, Retry = tool.Retry };
        return (tool, descriptor, program);
    }

    private static string? CheckCommand(HostToolDefinition tool, string key, string folder, List<string> problems)
    {
        if (tool.Command is not { Count: > 0 } command || string.IsNullOrWhiteSpace(command[0]))
        {
            problems.Add($"host.json key '{key}:command' is required for a command tool: the program and its arguments, e.g. [\"./tools/lookup.py\"].");
            return null;
        }

        string written = command[0];
        if (written.Contains('/', StringComparison.Ordinal))
        {
            string resolved = Path.GetFullPath(written, folder);
            if (!File.Exists(resolved))
            {
                problems.Add($"host.json key '{key}:command' names the program '{written}', which does not exist (looked for '{resolved}'; a relative path is from host.json's folder).");
                return null;
            }

            return resolved;
        }

        // A bare name is looked up on the sandbox's PATH, as exec would.
        string? found = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".Split(':').Select(d => Path.Combine(d, written)).FirstOrDefault(File.Exists);
        if (found is null)
        {
            problems.Add($"host.json key '{key}:command' names the program '{written}', which is not on the sandbox's PATH (/usr/local/bin, /usr/bin, /bin, ...).");
        }

        return found;
    }

    private static void CheckSchema(JsonElement schema, string key, List<string> problems)
    {
        try
        {
            _ = JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, baseUri: null);
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            problems.Add($"host.json key '{key}' is not a valid JSON Schema: {ex.Message}");
        }
    }

    // The program's folder is mounted read-only in the sandbox so the program can be found there.
    private static ExecOptions ExecOptionsFor(IConfiguration configuration, string program)
    {
        ExecOptions exec = new();
        configuration.GetSection($"{ActivitiesOptions.SectionName}:exec").Bind(exec);
        string folder = Path.GetDirectoryName(program)!;
        if (!folder.StartsWith("/usr/", StringComparison.Ordinal) && !exec.ReadOnlyPaths.Contains(folder))
        {
            exec.ReadOnlyPaths.Add(folder);
        }

        return exec;
    }

    private static (string Folder, IReadOnlyList<HostToolDefinition> Definitions)? ReadSection(IConfiguration configuration)
    {
        if (HostToolsSection.Read(configuration, SectionName) is not { } section)
        {
            return null;
        }

        // The shipped schema has already checked the shape (an array of objects, known keys, types).
        List<HostToolDefinition> definitions = [.. section.Tools.Select(e => e.Deserialize<HostToolDefinition>(Json) ?? new HostToolDefinition())];
        return (section.Folder, definitions);
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();
}
