using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScriptHarness.ScriptRuntime.Declarations;

/// <summary>
/// Writes the TypeScript type of a JSON schema: primitive types, objects (required and optional
/// properties with JSDoc, index signatures), arrays and tuples, <c>enum</c>/<c>const</c> as literal
/// unions, <c>oneOf</c>/<c>anyOf</c> as unions, <c>allOf</c> as intersections, local <c>$ref</c>s.
/// Anything it cannot express becomes <c>unknown</c>, never a wrong type.
/// </summary>
internal sealed class JsonSchemaTypeWriter(JsonElement root)
{
    private const int MaxDepth = 12;

    /// <summary>The type of <paramref name="schema"/> at <paramref name="indent"/> levels of nesting.</summary>
    public string Write(JsonElement schema, int indent) => this.Type(schema, indent, 0);

    /// <summary>Writes a JSDoc comment for <paramref name="description"/> (and a default), or nothing.</summary>
    public static void Doc(StringBuilder text, string indent, string? description, JsonElement? defaultValue = null)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(description))
        {
            lines.AddRange(description.Trim().ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()));
        }

        if (defaultValue is JsonElement value)
        {
            lines.Add($"@default {value.GetRawText()}");
        }

        if (lines.Count == 0)
        {
            return;
        }

        // A description must not end the comment early.
        lines = lines.Select(l => l.Replace("*/", "*\\/", StringComparison.Ordinal)).ToList();
        if (lines.Count == 1)
        {
            text.Append(indent).Append("/** ").Append(lines[0]).Append(" */\n");
            return;
        }

        text.Append(indent).Append("/**\n");
        foreach (string line in lines)
        {
            text.Append(indent).Append(line.Length == 0 ? " *" : " * " + line).Append('\n');
        }

        text.Append(indent).Append(" */\n");
    }

    /// <summary>A property key: the name itself when it is an identifier, else a quoted string.</summary>
    public static string Key(string name) =>
        IsIdentifier(name) ? name : JsonSerializer.Serialize(name, Serialization.ModelReportFormatter.ModelJson);

    /// <summary>Whether <paramref name="name"/> is a plain JavaScript identifier.</summary>
    public static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') &&
        name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    private string Type(JsonElement schema, int indent, int depth)
    {
        if (depth > MaxDepth)
        {
            return "unknown";
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return "unknown";
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return schema.ValueKind == JsonValueKind.False ? "never" : "unknown";
        }

        string type = this.Core(schema, indent, depth);
        return schema.TryGetProperty("nullable", out JsonElement nullable) && nullable.ValueKind == JsonValueKind.True && type != "unknown"
            ? Union([type, "null"])
            : type;
    }

    private string Core(JsonElement schema, int indent, int depth)
    {
        if (schema.TryGetProperty("$ref", out JsonElement reference) && reference.ValueKind == JsonValueKind.String)
        {
            return this.Resolve(reference.GetString()!) is JsonElement target ? this.Type(target, indent, depth + 1) : "unknown";
        }

        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            return Literal(constant);
        }

        if (schema.TryGetProperty("enum", out JsonElement values) && values.ValueKind == JsonValueKind.Array)
        {
            return Union(values.EnumerateArray().Select(Literal));
        }

        foreach (string combinator in (string[])["oneOf", "anyOf"])
        {
            if (schema.TryGetProperty(combinator, out JsonElement options) && options.ValueKind == JsonValueKind.Array)
            {
                return Union(options.EnumerateArray().Select(o => this.Type(o, indent, depth + 1)));
            }
        }

        if (schema.TryGetProperty("allOf", out JsonElement all) && all.ValueKind == JsonValueKind.Array)
        {
            List<string> parts = all.EnumerateArray().Select(o => this.Type(o, indent, depth + 1)).Where(t => t != "unknown").ToList();
            return parts.Count == 0 ? "unknown" : string.Join(" & ", parts.Select(p => p.Contains(" | ", StringComparison.Ordinal) ? $"({p})" : p));
        }

        if (schema.TryGetProperty("type", out JsonElement typeNode))
        {
            if (typeNode.ValueKind == JsonValueKind.Array)
            {
                return Union(typeNode.EnumerateArray()
                    .Where(t => t.ValueKind == JsonValueKind.String)
                    .Select(t => this.Named(t.GetString()!, schema, indent, depth)));
            }

            if (typeNode.ValueKind == JsonValueKind.String)
            {
                return this.Named(typeNode.GetString()!, schema, indent, depth);
            }
        }

        // Untyped but shaped: infer from the keywords present.
        return schema.TryGetProperty("properties", out _) ? this.Object(schema, indent, depth)
            : schema.TryGetProperty("items", out _) ? this.Array(schema, indent, depth)
            : "unknown";
    }

    private string Named(string type, JsonElement schema, int indent, int depth) => type switch
    {
        "string" => "string",
        "number" or "integer" => "number",
        "boolean" => "boolean",
        "null" => "null",
        "object" => this.Object(schema, indent, depth),
        "array" => this.Array(schema, indent, depth),
        _ => "unknown",
    };

    private string Array(JsonElement schema, int indent, int depth)
    {
        if (schema.TryGetProperty("prefixItems", out JsonElement tuple) && tuple.ValueKind == JsonValueKind.Array)
        {
            return "[" + string.Join(", ", tuple.EnumerateArray().Select(t => this.Type(t, indent, depth + 1))) + "]";
        }

        if (!schema.TryGetProperty("items", out JsonElement items))
        {
            return "unknown[]";
        }

        string element = this.Type(items, indent, depth + 1);
        return element.Contains(" | ", StringComparison.Ordinal) || element.Contains(" & ", StringComparison.Ordinal)
            ? $"({element})[]"
            : element + "[]";
    }

    private string Object(JsonElement schema, int indent, int depth)
    {
        bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties) &&
            properties.ValueKind == JsonValueKind.Object && properties.EnumerateObject().Any();
        JsonElement? additional = schema.TryGetProperty("additionalProperties", out JsonElement extra) ? extra : null;
        if (!hasProperties)
        {
            return additional is JsonElement { ValueKind: JsonValueKind.False } ? "{}"
                : additional is JsonElement { ValueKind: JsonValueKind.Object } valueSchema ? $"Record<string, {this.Type(valueSchema, indent, depth + 1)}>"
                : "Record<string, unknown>";
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out JsonElement requiredNode) && requiredNode.ValueKind == JsonValueKind.Array)
        {
            required.UnionWith(requiredNode.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
        }

        string inner = new(' ', (indent + 1) * 2);
        var text = new StringBuilder("{\n");
        foreach (JsonProperty property in properties.EnumerateObject())
        {
            JsonElement value = property.Value;
            string? description = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String
                ? d.GetString()
                : null;
            JsonElement? defaultValue = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("default", out JsonElement dv) ? dv : null;
            Doc(text, inner, description, defaultValue);
            text.Append(inner).Append(Key(property.Name)).Append(required.Contains(property.Name) ? ": " : "?: ")
                .Append(this.Type(value, indent + 1, depth + 1)).Append(";\n");
        }

        if (additional is JsonElement { ValueKind: JsonValueKind.Object } indexSchema)
        {
            text.Append(inner).Append("[key: string]: ").Append(this.Type(indexSchema, indent + 1, depth + 1)).Append(";\n");
        }

        return text.Append(new string(' ', indent * 2)).Append('}').ToString();
    }

    // Local references only (#/$defs/X, #/definitions/X, any JSON pointer into the root).
    private JsonElement? Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        JsonElement current = root;
        foreach (string raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string Literal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString(), Serialization.ModelReportFormatter.ModelJson),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "unknown",
    };

    private static string Union(IEnumerable<string> types)
    {
        List<string> distinct = types.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? "never"
            : distinct.Contains("unknown") ? "unknown"
            : string.Join(" | ", distinct);
    }

    /// <summary>Upper-cases the first letter: <c>readFile</c> → <c>ReadFile</c>.</summary>
    public static string Pascal(string name) =>
        name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.InvariantCulture) + name[1..];
}
