using System.Diagnostics;

namespace ScriptHarness.Host.Http;

/// <summary>
/// The last resort of the HTTP pipeline: no request ever ends with an empty body. An exception no
/// handler expected becomes a 500 problem with code <c>internal</c> and a trace id to quote (the
/// exception itself goes to the log, never to the caller: it may hold paths or a script's text);
/// a bare status code left by the framework (404 for an unknown route, 405, 415) gets a problem
/// body with our code.
/// </summary>
internal sealed class UnexpectedFaultProblems(RequestDelegate next, ILogger<UnexpectedFaultProblems> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            string traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            Logs.UnexpectedFault(logger, ex, context.Request.Method, context.Request.Path.Value, traceId);
            context.Response.Clear();
            await Problems.Create(
                StatusCodes.Status500InternalServerError,
                "internal",
                "The server met an unexpected fault and changed nothing it could undo; the log has the details under this trace id.",
                more: new Dictionary<string, object?> { ["traceId"] = traceId }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        HttpResponse response = context.Response;
        if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            int status = response.StatusCode;
            (string code, string detail) = status switch
            {
                StatusCodes.Status404NotFound => ("not-found", "No endpoint answers this path."),
                StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "This path does not answer this method."),
                StatusCodes.Status413PayloadTooLarge => ("body-too-large", "The request body is larger than host:http:maxRequestBodyBytes."),
                StatusCodes.Status415UnsupportedMediaType => ("invalid-request", "The body must be JSON (Content-Type: application/json)."),
                < 500 => ("invalid-request", "The request was refused."),
                _ => ("internal", "The server could not answer the request."),
            };
            await Problems.Create(status, code, detail).ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
