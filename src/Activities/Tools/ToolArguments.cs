using System.Text.Json;

namespace ScriptHarness.Activities.Tools;

/// <summary>
/// Reads a tool's argument object with typed errors. The script facade validates arguments
/// against the schema before a call is scheduled; tools check again because they are also
/// called directly and an activity must never trust its input.
/// </summary>
public sealed class ToolArguments
{
    private readonly string tool;
    private readonly JsonElement args;

    private ToolArguments(string tool, JsonElement args)
    {
        this.tool = tool;
        this.args = args;
    }

    /// <summary>Checks that <paramref name="args"/> is an object whose properties are all in <paramref name="known"/>.</summary>
    /// <exception cref="ToolException">Not an object, or an unknown property.</exception>
    public static ToolArguments Parse(string tool, JsonElement args, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (args.ValueKind != JsonValueKind.Object)
        {
            throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"{tool} takes one object argument, got {Describe(args.ValueKind)}.");
        }

        foreach (JsonProperty property in args.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                throw ToolException.Invalid(
                    ToolErrorDetails.UnknownArgument,
                    $"{tool} does not take '{property.Name}'; it takes {string.Join(", ", known)}.");
            }
        }

        return new ToolArguments(tool, args);
    }

    /// <summary>
    /// Checks only that <paramref name="args"/> is an object, for reading a few properties
    /// without judging the others (a tool's policy facts read what they need this way).
    /// </summary>
    /// <exception cref="ToolException">Not an object.</exception>
    public static ToolArguments Open(string tool, JsonElement args) => Parse(tool, args, [.. ObjectNames(args)]);

    /// <summary>The raw value of <paramref name="name"/>, or null when absent or JSON null.</summary>
    public JsonElement? Raw(string name) =>
        this.args.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A required non-empty string.</summary>
    public string RequiredString(string name) =>
        this.OptionalString(name) is { Length: > 0 } value
            ? value
            : throw ToolException.Invalid(ToolErrorDetails.MissingArgument, $"{this.tool} needs '{name}' (a non-empty string).");

    /// <summary>An optional string.</summary>
    public string? OptionalString(string name)
    {
        JsonElement? value = this.Raw(name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { } other => throw this.WrongType(name, "a string", other),
        };
    }

    /// <summary>An optional integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int? OptionalInt(string name, int min, int max)
    {
        JsonElement? value = this.Raw(name);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt64(out long number))
        {
            throw this.WrongType(name, "an integer", value.Value);
        }

        return number < min || number > max
            ? throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"{this.tool}: '{name}' must be between {min} and {max}, got {number}.")
            : (int)number;
    }

    /// <summary>An optional boolean.</summary>
    public bool? OptionalBool(string name)
    {
        JsonElement? value = this.Raw(name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            { } other => throw this.WrongType(name, "a boolean", other),
        };
    }

    /// <summary>An optional object of string values.</summary>
    public IReadOnlyDictionary<string, string>? OptionalStringMap(string name)
    {
        JsonElement? value = this.Raw(name);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            throw this.WrongType(name, "an object of strings", value.Value);
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in value.Value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw this.WrongType($"{name}.{property.Name}", "a string", property.Value);
        }

        return map;
    }

    private ToolException WrongType(string name, string expected, JsonElement got) =>
        ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"{this.tool}: '{name}' must be {expected}, got {Describe(got.ValueKind)}.");

    private static IEnumerable<string> ObjectNames(JsonElement args) =>
        args.ValueKind == JsonValueKind.Object ? args.EnumerateObject().Select(p => p.Name) : [];

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
