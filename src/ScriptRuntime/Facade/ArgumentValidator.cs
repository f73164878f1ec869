using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>
/// Validates tool arguments against the subset of JSON Schema our tools use: <c>type</c> (one or
/// a list), <c>properties</c>, <c>required</c>, <c>additionalProperties</c> (boolean or schema),
/// <c>items</c>, <c>enum</c>, <c>const</c>, <c>minimum</c>/<c>maximum</c>,
/// <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>, <c>minLength</c>/<c>maxLength</c>,
/// <c>minItems</c>/<c>maxItems</c>, <c>oneOf</c>, <c>anyOf</c>, <c>allOf</c>. Unknown keywords are
/// ignored. Messages name the field by its path (<c>args.command[0]</c>).
/// </summary>
public static class ArgumentValidator
{
    private const int MaxErrors = 8;

    /// <summary>Returns the problems found, empty when <paramref name="value"/> matches <paramref name="schema"/>.</summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement value)
    {
        List<string> errors = [];
        Check(schema, value, "args", errors);
        return errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (errors.Count >= MaxErrors)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path} is not allowed.");
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("type", out JsonElement type) && !MatchesType(type, value))
        {
            errors.Add($"{path} must be {DescribeType(type)}, got {Describe(value)}.");
            return;
        }

        if (schema.TryGetProperty("const", out JsonElement constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{path} must be {constant.GetRawText()}.");
        }

        if (schema.TryGetProperty("enum", out JsonElement choices) && choices.ValueKind == JsonValueKind.Array
            && !choices.EnumerateArray().Any(choice => JsonElement.DeepEquals(choice, value)))
        {
            errors.Add($"{path} must be one of {string.Join(", ", choices.EnumerateArray().Select(c => c.GetRawText()))}, got {Shorten(value.GetRawText())}.");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value.GetDouble(), path, errors);
                break;
        }

        CheckCombinators(schema, value, path, errors);
    }

    private static void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String && !value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{Child(path, name.GetString()!)} is required.");
                }
            }
        }

        bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object;
        bool hasAdditional = schema.TryGetProperty("additionalProperties", out JsonElement additional);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            string childPath = Child(path, property.Name);
            if (hasProperties && properties.TryGetProperty(property.Name, out JsonElement propertySchema))
            {
                Check(propertySchema, property.Value, childPath, errors);
            }
            else if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    string known = hasProperties ? string.Join(", ", properties.EnumerateObject().Select(p => p.Name)) : "none";
                    errors.Add($"{childPath} is not a known field (known fields: {known}).");
                }
                else
                {
                    Check(additional, property.Value, childPath, errors);
                }
            }
        }
    }

    private static void CheckArray(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        int length = value.GetArrayLength();
        if (TryGetInt(schema, "minItems", out int minItems) && length < minItems)
        {
            errors.Add($"{path} must have at least {minItems} items, got {length}.");
        }

        if (TryGetInt(schema, "maxItems", out int maxItems) && length > maxItems)
        {
            errors.Add($"{path} must have at most {maxItems} items, got {length}.");
        }

        if (schema.TryGetProperty("items", out JsonElement items) && items.ValueKind is JsonValueKind.Object or JsonValueKind.False)
        {
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Check(items, item, $"{path}[{index++}]", errors);
            }
        }
    }

    private static void CheckString(JsonElement schema, string text, string path, List<string> errors)
    {
        int length = new StringInfo(text).LengthInTextElements;
        if (TryGetInt(schema, "minLength", out int minLength) && length < minLength)
        {
            errors.Add($"{path} must be at least {minLength} characters long.");
        }

        if (TryGetInt(schema, "maxLength", out int maxLength) && length > maxLength)
        {
            errors.Add($"{path} must be at most {maxLength} characters long, got {length}.");
        }
    }

    private static void CheckNumber(JsonElement schema, double number, string path, List<string> errors)
    {
        if (TryGetDouble(schema, "minimum", out double minimum) && number < minimum)
        {
            errors.Add($"{path} must be >= {Format(minimum)}, got {Format(number)}.");
        }

        if (TryGetDouble(schema, "maximum", out double maximum) && number > maximum)
        {
            errors.Add($"{path} must be <= {Format(maximum)}, got {Format(number)}.");
        }

        if (TryGetDouble(schema, "exclusiveMinimum", out double exclusiveMinimum) && number <= exclusiveMinimum)
        {
            errors.Add($"{path} must be > {Format(exclusiveMinimum)}, got {Format(number)}.");
        }

        if (TryGetDouble(schema, "exclusiveMaximum", out double exclusiveMaximum) && number >= exclusiveMaximum)
        {
            errors.Add($"{path} must be < {Format(exclusiveMaximum)}, got {Format(number)}.");
        }
    }

    private static void CheckCombinators(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("allOf", out JsonElement allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement part in allOf.EnumerateArray())
            {
                Check(part, value, path, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out JsonElement anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            List<List<string>> failures = anyOf.EnumerateArray().Select(branch => Branch(branch, value, path)).ToList();
            if (failures.Count > 0 && failures.TrueForAll(f => f.Count > 0))
            {
                errors.Add($"{path} matches none of the allowed shapes: {Closest(failures)}");
            }
        }

        if (schema.TryGetProperty("oneOf", out JsonElement oneOf) && oneOf.ValueKind == JsonValueKind.Array)
        {
            List<List<string>> failures = oneOf.EnumerateArray().Select(branch => Branch(branch, value, path)).ToList();
            int matches = failures.Count(f => f.Count == 0);
            if (matches == 0 && failures.Count > 0)
            {
                errors.Add($"{path} matches none of the allowed shapes: {Closest(failures)}");
            }
            else if (matches > 1)
            {
                errors.Add($"{path} matches more than one of the allowed shapes; make it match exactly one.");
            }
        }
    }

    private static List<string> Branch(JsonElement branch, JsonElement value, string path)
    {
        List<string> branchErrors = [];
        Check(branch, value, path, branchErrors);
        return branchErrors;
    }

    private static string Closest(List<List<string>> failures) =>
        string.Join(" ", failures.OrderBy(f => f.Count).First());

    private static bool MatchesType(JsonElement type, JsonElement value) => type.ValueKind switch
    {
        JsonValueKind.String => MatchesOne(type.GetString()!, value),
        JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && MatchesOne(t.GetString()!, value)),
        _ => true,
    };

    private static bool MatchesOne(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDouble(out double d) && Math.Floor(d) == d && !double.IsInfinity(d));

    private static string DescribeType(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => Article(t.GetString() ?? "?")))
        : Article(type.GetString() ?? "?");

    private static string Article(string type) => type is "object" or "array" or "integer" ? "an " + type : "a " + type;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Child(string path, string name) =>
        IsIdentifier(name) ? $"{path}.{name}" : $"{path}[{JsonSerializer.Serialize(name)}]";

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    private static bool TryGetInt(JsonElement schema, string keyword, out int value)
    {
        value = 0;
        return schema.TryGetProperty(keyword, out JsonElement element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    private static bool TryGetDouble(JsonElement schema, string keyword, out double value)
    {
        value = 0;
        return schema.TryGetProperty(keyword, out JsonElement element) && element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value);
    }

    private static string Format(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    private static string Shorten(string text)
    {
        const int Max = 60;
        if (text.Length <= Max)
        {
            return text;
        }

        StringBuilder shortened = new(text, 0, Max, Max + 3);
        return shortened.Append("...").ToString();
    }
}
