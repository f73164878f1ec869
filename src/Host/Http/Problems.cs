using Microsoft.AspNetCore.Http.HttpResults;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Http;

/// <summary>RFC 7807 problem details with our stable codes (extension member <c>code</c>).</summary>
internal static class Problems
{
    /// <summary>A problem with a code and, when a request field is at fault, the field.</summary>
    public static ProblemHttpResult Create(int status, string code, string detail, string? field = null, IDictionary<string, object?>? more = null)
    {
        Dictionary<string, object?> extensions = new() { ["code"] = code };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        foreach ((string key, object? value) in more ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: Title(status), type: $"https://scriptharness.dev/problems/{code}", extensions: extensions);
    }

    /// <summary>The problem of a refused client request.</summary>
    public static ProblemHttpResult From(ScriptRunClientException ex) =>
        Create(StatusOf(ex.Code), ex.StableCode, ex.Message, more: ex.Limit is null ? null : new Dictionary<string, object?> { ["limit"] = ex.Limit });

    /// <summary>A missing or invalid field of the body.</summary>
    public static ProblemHttpResult Field(string field, string detail) => Create(StatusCodes.Status400BadRequest, "invalid-request", detail, field);

    /// <summary>The HTTP status of a client error code.</summary>
    public static int StatusOf(ClientErrorCode code) => code switch
    {
        ClientErrorCode.InvalidRequest or ClientErrorCode.LimitExceeded => StatusCodes.Status400BadRequest,
        ClientErrorCode.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        500 => "Internal error",
        _ => "Error",
    };
}
