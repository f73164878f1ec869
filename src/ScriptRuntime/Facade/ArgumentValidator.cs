using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>
/// Validates tool arguments against the tool's JSON Schema with JsonSchema.Net (every keyword of
/// drafts 6, 7, 2019-09 and 2020-12, <c>$ref</c>/<c>$defs</c>, <c>pattern</c>,
/// <c>patternProperties</c>, <c>format</c> asserted), and words each failure for the model: the
/// field by its path (<c>args.command[0]</c>) and what was expected. The library decides what is
/// valid; this class only writes the messages.
/// </summary>
public static class ArgumentValidator
{
    private const int MaxErrors = 8;
    private const int MaxCachedSchemas = 512;

    // Schemas are built once per distinct text: the orchestrator validates every call again on replay.
    private static readonly ConcurrentDictionary<string, JsonSchema?> Built = new(StringComparer.Ordinal);

    // Per descriptor: a call finds its tool's schema without re-reading and hashing the schema's text.
    private static readonly ConditionalWeakTable<Tools.ToolDescriptor, ToolSchema> ByTool = [];

    // Valid arguments (nearly every call) need only the verdict; the detailed list, which collects
    // every node's results, is built only to word the messages of invalid ones.
    private static readonly EvaluationOptions Verdict = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>
    /// Returns the problems found, empty when <paramref name="value"/> matches
    /// <paramref name="schema"/>. A schema the library cannot build (not JSON Schema at all)
    /// validates nothing here; the tool then checks its own arguments.
    /// </summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement value) => Validate(Build(schema), schema, value);

    /// <summary>As <see cref="Validate(JsonElement, JsonElement)"/> against <paramref name="tool"/>'s arguments schema, built once per descriptor.</summary>
    internal static IReadOnlyList<string> Validate(Tools.ToolDescriptor tool, JsonElement value)
    {
        ToolSchema known = ByTool.GetValue(tool, static t => new ToolSchema(Build(t.ArgumentsSchema), KindOnly.Of(t.ArgumentsSchema)));

        // A schema that says no more than the value's kind ({"type": "object"} and annotations)
        // is decided by that kind; the library still words the failures.
        return known.Kind is { } kind && kind.Accepts(value) ? [] : Validate(known.Schema, tool.ArgumentsSchema, value);
    }

    private sealed record ToolSchema(JsonSchema? Schema, KindOnly? Kind);

    private static IReadOnlyList<string> Validate(JsonSchema? built, JsonElement schema, JsonElement value)
    {
        if (built is null)
        {
            return [];
        }

        if (built.Evaluate(value, Verdict).IsValid)
        {
            return [];
        }

        EvaluationResults results = built.Evaluate(value, Evaluation);
        if (results.IsValid)
        {
            return [];
        }

        List<string> errors = [];
        var writer = new MessageWriter(schema, value);
        foreach (string message in writer.Write([results, .. results.Details ?? []]))
        {
            if (!errors.Contains(message, StringComparer.Ordinal))
            {
                errors.Add(message);
            }

            if (errors.Count >= MaxErrors)
            {
                break;
            }
        }

        return errors.Count > 0 ? errors : ["args does not match the tool's schema."];
    }

    private static JsonSchema? Build(JsonElement schema)
    {
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }

        string text = schema.GetRawText();
        if (Built.TryGetValue(text, out JsonSchema? cached))
        {
            return cached;
        }

        JsonSchema? built;
#pragma warning disable CA1031 // A schema the library refuses validates nothing here (documented); the tool still checks its input.
        try
        {
            // A registry per schema: two tools may declare the same $id.
            built = JsonSchema.Build(schema.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, baseUri: null);
        }
        catch (Exception)
        {
            built = null;
        }
#pragma warning restore CA1031

        if (Built.Count >= MaxCachedSchemas)
        {
            Built.Clear();
        }

        Built[text] = built;
        return built;
    }

    /// <summary>Turns the library's failing nodes into our messages.</summary>
    private sealed class MessageWriter(JsonElement root, JsonElement instance)
    {
        public IEnumerable<string> Write(IReadOnlyList<EvaluationResults> nodes)
        {
            // Failures inside anyOf/oneOf branches are summarized once per combinator, by the closest branch.
            var branches = new Dictionary<string, (string Path, SortedDictionary<int, List<string>> Failures)>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (EvaluationResults node in nodes)
            {
                if (node.Errors is not { Count: > 0 } nodeErrors)
                {
                    continue;
                }

                string evaluationPath = node.EvaluationPath.ToString();
                string instancePath = node.InstanceLocation.ToString();
                foreach ((string keyword, string libraryMessage) in nodeErrors)
                {
                    if (keyword is "anyOf" or "oneOf")
                    {
                        // Summarized from the branches below; a oneOf whose branches all passed matched more than one.
                        order.Add("\u0001" + evaluationPath + "/" + keyword + "\u0001" + instancePath);
                        continue;
                    }

                    List<string> messages = this.Messages(keyword, libraryMessage, evaluationPath, instancePath);
                    if (Combinator(evaluationPath) is { } branch)
                    {
                        string key = branch.Prefix;
                        if (!branches.TryGetValue(key, out var group))
                        {
                            group = (this.FieldPath(branch.InstancePath(instancePath, evaluationPath, branch)), new SortedDictionary<int, List<string>>());
                            branches[key] = group;
                            order.Add("\0" + key);
                        }

                        if (!group.Failures.TryGetValue(branch.Index, out List<string>? list))
                        {
                            group.Failures[branch.Index] = list = [];
                        }

                        list.AddRange(messages);
                    }
                    else
                    {
                        order.AddRange(messages);
                    }
                }
            }

            foreach (string entry in order)
            {
                if (entry.StartsWith('\u0001'))
                {
                    string[] parts = entry.Split('\u0001');
                    if (parts[1].EndsWith("/oneOf", StringComparison.Ordinal) && !branches.ContainsKey(parts[1]))
                    {
                        yield return $"{this.FieldPath(parts[2])} matches more than one of the allowed shapes; make it match exactly one.";
                    }
                }
                else if (entry.StartsWith('\0'))
                {
                    (string path, SortedDictionary<int, List<string>> failures) = branches[entry[1..]];
                    List<string> closest = failures.Values.OrderBy(f => f.Count).First();
                    yield return $"{path} matches none of the allowed shapes: {string.Join(" ", closest)}";
                }
                else
                {
                    yield return entry;
                }
            }
        }

        private List<string> Messages(string keyword, string libraryMessage, string evaluationPath, string instancePath)
        {
            JsonElement? schema = this.SchemaAt(evaluationPath);
            JsonElement? value = InstanceAt(instance, instancePath);
            string path = this.FieldPath(instancePath);
            JsonElement s = schema ?? default;
            bool hasSchema = schema is { ValueKind: JsonValueKind.Object };
            switch (keyword)
            {
                case "type" when hasSchema && s.TryGetProperty("type", out JsonElement type) && value is { } v:
                    return [$"{path} must be {DescribeType(type)}, got {Describe(v)}."];
                case "const" when hasSchema && s.TryGetProperty("const", out JsonElement constant):
                    return [$"{path} must be {constant.GetRawText()}."];
                case "enum" when hasSchema && s.TryGetProperty("enum", out JsonElement choices) && choices.ValueKind == JsonValueKind.Array && value is { } v:
                    return [$"{path} must be one of {string.Join(", ", choices.EnumerateArray().Select(c => c.GetRawText()))}, got {Shorten(v.GetRawText())}."];
                case "required" when hasSchema && s.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array && value is { ValueKind: JsonValueKind.Object } v:
                    return [.. required.EnumerateArray()
                        .Where(n => n.ValueKind == JsonValueKind.String && !v.TryGetProperty(n.GetString()!, out _))
                        .Select(n => $"{Child(path, n.GetString()!)} is required.")];
                case "" or "false":
                    return [this.FalseSchema(evaluationPath, path)];
                case "pattern" when hasSchema && s.TryGetProperty("pattern", out JsonElement pattern):
                    return [$"{path} must match the pattern {pattern.GetRawText()}."];
                case "format" when hasSchema && s.TryGetProperty("format", out JsonElement format):
                    return [$"{path} must be a valid {format.GetString()}."];
                default:
                    return [this.Bound(keyword, s, hasSchema, value, path) ?? $"{path}: {libraryMessage}."];
            }
        }

        private string? Bound(string keyword, JsonElement schema, bool hasSchema, JsonElement? value, string path)
        {
            if (!hasSchema || !schema.TryGetProperty(keyword, out JsonElement limit) || limit.ValueKind != JsonValueKind.Number || value is not { } v)
            {
                return null;
            }

            string bound = limit.GetRawText();
            return keyword switch
            {
                "minimum" => $"{path} must be >= {bound}, got {v.GetRawText()}.",
                "maximum" => $"{path} must be <= {bound}, got {v.GetRawText()}.",
                "exclusiveMinimum" => $"{path} must be > {bound}, got {v.GetRawText()}.",
                "exclusiveMaximum" => $"{path} must be < {bound}, got {v.GetRawText()}.",
                "minLength" => $"{path} must be at least {bound} characters long.",
                "maxLength" when v.ValueKind == JsonValueKind.String => $"{path} must be at most {bound} characters long, got {new StringInfo(v.GetString()!).LengthInTextElements}.",
                "minItems" when v.ValueKind == JsonValueKind.Array => $"{path} must have at least {bound} items, got {v.GetArrayLength()}.",
                "maxItems" when v.ValueKind == JsonValueKind.Array => $"{path} must have at most {bound} items, got {v.GetArrayLength()}.",
                "multipleOf" => $"{path} must be a multiple of {bound}, got {v.GetRawText()}.",
                _ => null,
            };
        }

        private string FalseSchema(string evaluationPath, string path)
        {
            const string Additional = "/additionalProperties";
            if (evaluationPath.EndsWith(Additional, StringComparison.Ordinal) || evaluationPath.EndsWith("/unevaluatedProperties", StringComparison.Ordinal))
            {
                string parentPath = evaluationPath[..evaluationPath.LastIndexOf('/')];
                JsonElement? parent = this.SchemaAt(parentPath);
                string known = parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object
                    ? string.Join(", ", properties.EnumerateObject().Select(x => x.Name))
                    : string.Empty;
                return $"{path} is not a known field (known fields: {(known.Length == 0 ? "none" : known)}).";
            }

            return $"{path} is not allowed.";
        }

        // Walks the evaluation path through the schema document, following local $refs.
        private JsonElement? SchemaAt(string evaluationPath)
        {
            JsonElement current = root;
            foreach (string segment in Segments(evaluationPath))
            {
                if (segment == "$ref" && current.ValueKind == JsonValueKind.Object
                    && current.TryGetProperty("$ref", out JsonElement reference) && reference.ValueKind == JsonValueKind.String
                    && this.Resolve(reference.GetString()!) is { } target)
                {
                    current = target;
                    continue;
                }

                if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out JsonElement child))
                {
                    current = child;
                }
                else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < current.GetArrayLength())
                {
                    current = current[index];
                }

                // Anything else (a keyword the library repeats in its path) leaves the position as it is.
            }

            return current;
        }

        private JsonElement? Resolve(string reference)
        {
            if (!reference.StartsWith('#'))
            {
                return null;
            }

            JsonElement current = root;
            foreach (string segment in Segments(reference[1..]))
            {
                if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out JsonElement child))
                {
                    current = child;
                }
                else
                {
                    return null;
                }
            }

            return current;
        }

        private string FieldPath(string instancePointer)
        {
            var text = new StringBuilder("args");
            JsonElement? current = instance;
            foreach (string segment in Segments(instancePointer))
            {
                if (current is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    text.Append('[').Append(index).Append(']');
                    current = index < array.GetArrayLength() ? array[index] : null;
                }
                else
                {
                    string next = Child(text.ToString(), segment);
                    text.Clear().Append(next);
                    current = current is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment, out JsonElement child) ? child : null;
                }
            }

            return text.ToString();
        }
    }

    // The innermost anyOf/oneOf branch an evaluation path passes through, if any.
    private static Branch? Combinator(string evaluationPath)
    {
        string[] segments = [.. Segments(evaluationPath)];
        for (int i = segments.Length - 2; i >= 0; i--)
        {
            if (segments[i] is "anyOf" or "oneOf" && int.TryParse(segments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                return new Branch("/" + string.Join('/', segments[..(i + 1)].Select(Escape)), index);
            }
        }

        return null;
    }

    private sealed record Branch(string Prefix, int Index)
    {
        // The field the combinator applies to: the failing field, less what the branch itself descended into.
        public string InstancePath(string instancePath, string evaluationPath, Branch branch)
        {
            string inside = evaluationPath[branch.Prefix.Length..];
            int descended = Segments(inside).Count(s => s is "properties" or "items" or "additionalProperties" or "patternProperties" or "prefixItems");
            string[] parts = [.. Segments(instancePath)];
            return "/" + string.Join('/', parts[..Math.Max(0, parts.Length - descended)].Select(Escape));
        }
    }

    private static JsonElement? InstanceAt(JsonElement instance, string pointer)
    {
        JsonElement current = instance;
        foreach (string segment in Segments(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out JsonElement child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static IEnumerable<string> Segments(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Uri.UnescapeDataString(s).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

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
