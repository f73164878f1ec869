using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ScriptHarness.Host.Http;

/// <summary>
/// Writes a nullable reference as <c>anyOf: [null, $ref]</c> instead of the generator's
/// <c>oneOf</c>. With <c>oneOf</c>, <c>null</c> must match exactly one branch, and it matches both
/// when the referenced schema admits null itself (a nullable enum lists <c>null</c> among its values,
/// a <c>JsonNode</c> is any value): the document then rejects the server's own <c>"phase": null</c>
/// or <c>"args": null</c>, and a validating client fails on a correct response.
/// </summary>
internal sealed class NullableReferenceTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        HashSet<OpenApiSchema> seen = new(ReferenceEqualityComparer.Instance);
        foreach (IOpenApiSchema schema in document.Components?.Schemas?.Values ?? Enumerable.Empty<IOpenApiSchema>())
        {
            Visit(schema, seen);
        }

        foreach (OpenApiOperation operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            foreach (IOpenApiResponse response in operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
            {
                foreach (OpenApiMediaType media in response.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>())
                {
                    Visit(media.Schema, seen);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void Visit(IOpenApiSchema? candidate, HashSet<OpenApiSchema> seen)
    {
        // References are visited where they are defined (the components).
        if (candidate is not OpenApiSchema schema || !seen.Add(schema))
        {
            return;
        }

        if (schema.OneOf is { Count: 2 } branches && branches.Any(b => b is OpenApiSchema { Type: JsonSchemaType.Null }))
        {
            schema.AnyOf = branches;
            schema.OneOf = null;
        }

        foreach (IOpenApiSchema child in (schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AllOf ?? []))
        {
            Visit(child, seen);
        }

        Visit(schema.Items, seen);
        Visit(schema.AdditionalProperties, seen);
    }
}
