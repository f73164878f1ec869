using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ScriptHarness.Host.Http;

/// <summary>
/// Declares on every operation the problems any request can get whatever the route: 401 (no or a
/// wrong key, answered before the endpoint runs) and 500 (<c>internal</c>, with a trace id). A route
/// mapped later (by anyone) is covered without remembering to say so; what depends on the route
/// (400, 404, 409) each endpoint declares itself.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiDocumentTransformer
{
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        IOpenApiSchema problem = document.Components?.Schemas?.ContainsKey(nameof(ProblemDetails)) == true
            ? new OpenApiSchemaReference(nameof(ProblemDetails), document)
            : await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (IOpenApiPathItem path in document.Paths.Values)
        {
            foreach (OpenApiOperation operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Responses ??= [];
                Add(operation.Responses, "401", "No API key, or a wrong one (code unauthorized).", problem);
                Add(operation.Responses, "500", "A fault nobody expected (code internal, with a traceId to find it in the log).", problem);
            }
        }
    }

    private static void Add(OpenApiResponses responses, string status, string description, IOpenApiSchema problem)
    {
        if (!responses.ContainsKey(status))
        {
            responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new OpenApiMediaType { Schema = problem } },
            };
        }
    }
}
