using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ScriptHarness.Tests.Host.Http.OpenApi;

/// <summary>
/// The schemas of the served OpenAPI document as JSON Schema (OpenAPI 3.1 schemas are JSON Schema
/// 2020-12): a response schema with the document's components as <c>$defs</c>, so a real response
/// can be checked against what a generated client would expect.
/// </summary>
public sealed class OpenApiContract(JsonNode document)
{
    public JsonNode Document { get; } = document;

    /// <summary>The JSON schema of the <paramref name="status"/> response of <paramref name="method"/> <paramref name="path"/>, with every component it may refer to.</summary>
    public JsonObject ResponseSchema(string method, string path, int status, string mediaType = "application/json")
    {
        JsonNode? schema = this.Document["paths"]?[path]?[method.ToLowerInvariant()]?["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?[mediaType]?["schema"];
        Assert.True(schema is not null, $"The document declares no {mediaType} schema for {status} of {method} {path}.");
        JsonObject root = new()
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = this.Document["components"]?["schemas"]?.DeepClone() ?? new JsonObject(),
        };
        foreach ((string key, JsonNode? value) in schema.AsObject())
        {
            root[key] = value?.DeepClone();
        }

        // The document's references point at its components; here they are the schema's own $defs.
        return JsonNode.Parse(root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
    }

    /// <summary>The errors of <paramref name="instance"/> against <paramref name="schema"/> (empty when it conforms).</summary>
    public static IReadOnlyList<string> Errors(JsonObject schema, JsonNode? instance)
    {
        JsonSchema built = JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using JsonDocument value = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        EvaluationResults results = built.Evaluate(value.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? [results])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))];
    }

    /// <summary>Asserts that <paramref name="instance"/>, the real <paramref name="status"/> response of <paramref name="method"/> <paramref name="path"/>, conforms.</summary>
    public void AssertConforms(string method, string path, int status, JsonNode? instance, string mediaType = "application/json")
    {
        IReadOnlyList<string> errors = Errors(this.ResponseSchema(method, path, status, mediaType), instance);
        Assert.True(errors.Count == 0, $"{method} {path} {status} does not match the OpenAPI document:\n{string.Join("\n", errors)}\nresponse: {instance?.ToJsonString()}");
    }
}
