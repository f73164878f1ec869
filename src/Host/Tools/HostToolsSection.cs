using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.Json;
using ScriptHarness.Host.Configuration;

namespace ScriptHarness.Host.Tools;

/// <summary>
/// Reads host.json <c>tools</c> with its JSON types intact (a tool's <c>parameters</c> is a JSON
/// Schema, which configuration keys would flatten to strings), then applies the layers above
/// host.json (environment variables <c>SCRIPTHARNESS__tools__0__timeoutMs</c>, command-line
/// overrides) key by key, as configuration does for every other section: each value takes the
/// type the shipped schema gives its key (an object such as <c>parameters</c> is written as JSON
/// text), and the result is checked against the schema again, so a bad override fails start-up
/// naming its key like a bad host.json value.
/// </summary>
internal static class HostToolsSection
{
    /// <summary>The section as the process sees it, and the folder its relative paths are from; null when there are no tools.</summary>
    public static (string Folder, JsonArray Tools)? Read(IConfiguration configuration, string sectionName)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        int fileAt = root.Providers.ToList().FindIndex(p => p is JsonStreamConfigurationProvider { Source: HostJsonSource });
        HostJsonSource? file = fileAt < 0 ? null : (HostJsonSource)((JsonStreamConfigurationProvider)root.Providers.ElementAt(fileAt)).Source;
        JsonArray tools = file is null ? [] : FromFile(file, sectionName);

        using JsonDocument schemaDocument = HostConfiguration.LoadSchema();
        JsonElement schema = schemaDocument.RootElement.GetProperty("properties").GetProperty(sectionName);
        bool overridden = false;
        foreach (IConfigurationProvider layer in root.Providers.Skip(fileAt + 1))
        {
            foreach ((string key, string value) in Leaves(layer, sectionName))
            {
                Set(tools, schema, key[(sectionName.Length + 1)..].Split(':'), value);
                overridden = true;
            }
        }

        if (overridden)
        {
            JsonObject whole = new() { [sectionName] = tools.DeepClone() };
            using JsonDocument merged = JsonDocument.Parse(whole.ToJsonString());
            IReadOnlyList<string> problems = HostJsonValidator.Validate(merged.RootElement, schemaDocument.RootElement);
            if (problems.Count > 0)
            {
                throw new HostConfigurationException($"'{sectionName}' with its environment overrides has {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
            }
        }

        return tools.Count == 0 ? null : (file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(file.Path)!, tools);
    }

    private static JsonArray FromFile(HostJsonSource file, string sectionName)
    {
        JsonNode? document = JsonNode.Parse(HostConfiguration.WithoutBom(file.Content).Span, documentOptions: HostConfiguration.JsonOptions);
        JsonNode? section = document is JsonObject o ? o.FirstOrDefault(p => string.Equals(p.Key, sectionName, StringComparison.OrdinalIgnoreCase)).Value : null;
        return section is JsonArray array ? (JsonArray)array.DeepClone() : [];
    }

    // Every key under the section that this layer sets, with its value.
    private static IEnumerable<(string Key, string Value)> Leaves(IConfigurationProvider layer, string path)
    {
        foreach (string child in layer.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            string key = path + ":" + child;
            if (layer.TryGet(key, out string? value) && value is not null)
            {
                yield return (key, value);
            }

            foreach ((string Key, string Value) deeper in Leaves(layer, key))
            {
                yield return deeper;
            }
        }
    }

    private static void Set(JsonNode container, JsonElement? schema, string[] path, string value)
    {
        JsonElement? childSchema = ChildSchema(schema, path[0], out string name);
        if (path.Length == 1)
        {
            Put(container, path[0], name, Typed(value, childSchema));
            return;
        }

        JsonNode? child = Get(container, path[0], name);
        if (child is not (JsonObject or JsonArray))
        {
            child = IsArray(childSchema) || (childSchema is null && int.TryParse(path[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)) ? new JsonArray() : new JsonObject();
            Put(container, path[0], name, child);
        }

        Set(child, childSchema, path[1..], value);
    }

    private static JsonNode? Get(JsonNode container, string segment, string name) => container switch
    {
        JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < array.Count => array[i],
        JsonObject o => o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value,
        _ => null,
    };

    private static void Put(JsonNode container, string segment, string name, JsonNode? node)
    {
        if (container is JsonArray array)
        {
            // An index past the end adds entries (configuration's way of appending); a gap is null, which the schema refuses.
            int i = int.Parse(segment, NumberStyles.None, CultureInfo.InvariantCulture);
            while (array.Count <= i)
            {
                array.Add(null);
            }

            array[i] = node;
            return;
        }

        JsonObject o = (JsonObject)container;
        string existing = o.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
        o[existing] = node;
    }

    // The schema of a member, and its name as the schema spells it.
    private static JsonElement? ChildSchema(JsonElement? schema, string segment, out string name)
    {
        name = segment;
        if (schema is not { } s)
        {
            return null;
        }

        if (s.TryGetProperty("items", out JsonElement items) && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return items;
        }

        if (s.TryGetProperty("properties", out JsonElement properties))
        {
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                if (string.Equals(property.Name, segment, StringComparison.OrdinalIgnoreCase))
                {
                    name = property.Name;
                    return property.Value;
                }
            }
        }

        return null;
    }

    private static bool IsArray(JsonElement? schema) => schema is { } s && s.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString() == "array";

    // A configuration value is text; the schema says what it stands for. What does not convert
    // stays text, and the schema check then names the key and the type it wants.
    private static JsonNode? Typed(string value, JsonElement? schema)
    {
        string? type = schema is { } s && s.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "integer" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer):
                return JsonValue.Create(integer);
            case "number" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number):
                return JsonValue.Create(number);
            case "boolean" when bool.TryParse(value, out bool flag):
                return JsonValue.Create(flag);
            case "object" or "array" when value.TrimStart().StartsWith(type == "object" ? '{' : '['):
                try
                {
                    return JsonNode.Parse(value);
                }
                catch (JsonException)
                {
                    return JsonValue.Create(value);
                }

            default:
                return JsonValue.Create(value);
        }
    }
}
