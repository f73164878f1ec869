using System.Globalization;
using System.Text.Json;

namespace ScriptHarness.Host.Configuration;

/// <summary>
/// Checks a host.json document against the shipped JSON schema before any options class binds
/// it: an unknown key or a value of the wrong type fails start-up with a message naming the key,
/// instead of being silently ignored by the configuration binder. The schema is the single list
/// of known keys, so editors and this check never disagree.
/// </summary>
internal static class HostJsonValidator
{
    /// <summary>Returns one message per problem; empty when the document is valid.</summary>
    public static IReadOnlyList<string> Validate(JsonElement document, JsonElement schema)
    {
        List<string> problems = [];
        Check(document, schema, path: string.Empty, problems);
        return problems;
    }

    /// <summary>Whether a configuration key (<c>section:key</c>, array indexes as numbers) is one the schema knows.</summary>
    public static bool IsKnownKey(string key, JsonElement schema)
    {
        JsonElement current = schema;
        foreach (string segment in key.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.TryGetProperty("properties", out JsonElement properties) && TryGetIgnoreCase(properties, segment, out JsonElement child))
            {
                current = child;
            }
            else if (current.TryGetProperty("items", out JsonElement items) && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                current = items;
            }
            else if (current.TryGetProperty("additionalProperties", out JsonElement open) && open.ValueKind == JsonValueKind.Object)
            {
                current = open;
            }
            else if (!(current.TryGetProperty("additionalProperties", out JsonElement closed) && closed.ValueKind == JsonValueKind.False)
                && !current.TryGetProperty("properties", out _) && !current.TryGetProperty("items", out _))
            {
                // A schema that says nothing about its members accepts any.
                return true;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static void Check(JsonElement value, JsonElement schema, string path, List<string> problems)
    {
        if (schema.TryGetProperty("type", out JsonElement type) && !MatchesType(value, type))
        {
            problems.Add($"host.json key '{Display(path)}' must be {Describe(type)}, not {Kind(value)}.");
            return;
        }

        if (schema.TryGetProperty("enum", out JsonElement allowed) &&
            !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            string choices = string.Join(", ", allowed.EnumerateArray().Select(a => a.GetRawText()));
            problems.Add($"host.json key '{Display(path)}' is {value.GetRawText()}; allowed: {choices}.");
            return;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            double number = value.GetDouble();
            if (schema.TryGetProperty("minimum", out JsonElement min) && number < min.GetDouble())
            {
                problems.Add($"host.json key '{Display(path)}' is {value.GetRawText()}; the minimum is {min.GetRawText()}.");
            }

            if (schema.TryGetProperty("maximum", out JsonElement max) && number > max.GetDouble())
            {
                problems.Add($"host.json key '{Display(path)}' is {value.GetRawText()}; the maximum is {max.GetRawText()}.");
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(value, schema, path, problems);
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out JsonElement items))
        {
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Check(item, items, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]", problems);
                index++;
            }
        }
    }

    private static void CheckObject(JsonElement value, JsonElement schema, string path, List<string> problems)
    {
        schema.TryGetProperty("properties", out JsonElement properties);
        bool closed = schema.TryGetProperty("additionalProperties", out JsonElement additional) &&
            additional.ValueKind == JsonValueKind.False;
        JsonElement? open = additional.ValueKind == JsonValueKind.Object ? additional : null;

        foreach (JsonProperty property in value.EnumerateObject())
        {
            string childPath = path.Length == 0 ? property.Name : $"{path}:{property.Name}";
            if (properties.ValueKind == JsonValueKind.Object && TryGetIgnoreCase(properties, property.Name, out JsonElement childSchema))
            {
                Check(property.Value, childSchema, childPath, problems);
            }
            else if (open is { } openSchema)
            {
                Check(property.Value, openSchema, childPath, problems);
            }
            else if (closed)
            {
                string known = properties.ValueKind == JsonValueKind.Object
                    ? string.Join(", ", properties.EnumerateObject().Select(p => p.Name).Where(n => n != "$schema"))
                    : "none";
                problems.Add($"host.json has an unknown key '{Display(childPath)}'; known keys here: {known}.");
            }
        }
    }

    // Configuration keys are case-insensitive in .NET, so the check is too.
    private static bool TryGetIgnoreCase(JsonElement properties, string name, out JsonElement schema)
    {
        foreach (JsonProperty candidate in properties.EnumerateObject())
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                schema = candidate.Value;
                return true;
            }
        }

        schema = default;
        return false;
    }

    private static bool MatchesType(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => MatchesType(value, t.GetString()))
        : MatchesType(value, type.GetString());

    private static bool MatchesType(JsonElement value, string? type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => true,
    };

    private static string Describe(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => Article(t.GetString())))
        : Article(type.GetString());

    private static string Article(string? type) => type switch
    {
        "object" or "array" or "integer" => $"an {type}",
        _ => $"a {type}",
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Display(string path) => path.Length == 0 ? "(root)" : path;
}
