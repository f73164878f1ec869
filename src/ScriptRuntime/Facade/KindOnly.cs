using System.Text.Json;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>
/// A tool schema that constrains nothing but the kind of its value: <c>true</c>, <c>{}</c>, or a
/// single <c>type</c> (not <c>integer</c>) with only annotation keywords beside it. Such a schema
/// accepts exactly the values of that kind, so a call is checked by the value's kind without the
/// schema evaluator; anything more (properties, required, formats, combinators, references)
/// goes to the evaluator as before.
/// </summary>
internal sealed class KindOnly
{
    // Keywords that annotate and never make a value invalid.
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "type", "title", "description", "$schema", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly",
    };

    private readonly JsonValueKind? kind;

    private KindOnly(JsonValueKind? kind) => this.kind = kind;

    /// <summary>The kind check <paramref name="schema"/> amounts to, or null when it says more.</summary>
    public static KindOnly? Of(JsonElement schema)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return new KindOnly(null);
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonValueKind? kind = null;
        foreach (JsonProperty property in schema.EnumerateObject())
        {
            if (!Annotations.Contains(property.Name))
            {
                return null;
            }

            if (property.Name == "type")
            {
                kind = property.Value.ValueKind == JsonValueKind.String ? KindOf(property.Value.GetString()) : null;
                if (kind is null)
                {
                    return null;
                }
            }
        }

        return new KindOnly(kind);
    }

    /// <summary>Whether the schema accepts <paramref name="value"/> (false: let the evaluator decide and word it).</summary>
    public bool Accepts(JsonElement value) => this.kind switch
    {
        null => true,
        JsonValueKind.True => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        { } kind => value.ValueKind == kind,
    };

    private static JsonValueKind? KindOf(string? type) => type switch
    {
        "object" => JsonValueKind.Object,
        "array" => JsonValueKind.Array,
        "string" => JsonValueKind.String,
        "number" => JsonValueKind.Number,
        "boolean" => JsonValueKind.True,
        "null" => JsonValueKind.Null,
        _ => null,
    };
}
