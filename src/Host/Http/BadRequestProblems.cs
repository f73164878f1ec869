using System.Text.Json;

namespace ScriptHarness.Host.Http;

/// <summary>
/// Turns the framework's refusal to read a body (malformed JSON, a value of the wrong type, a
/// body over the size limit) into a problem naming the field, instead of an empty 400.
/// </summary>
internal sealed partial class BadRequestProblems(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);

            // Some refusals (a body over the size limit) leave only a bare status code behind.
            if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await TooLarge().ExecuteAsync(context).ConfigureAwait(false);
            }
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            JsonException? json = Find<JsonException>(ex);
            string? field = json?.Path is { Length: > 0 } path ? FieldName(path) : null;
            if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await TooLarge().ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (json is null && BindingFailure().Match(ex.Message) is { Success: true } binding)
            {
                // A route or query value of the wrong type: name it, without echoing the value (it may be kilobytes long).
                string name = binding.Groups["name"].Value;
                await Problems.Create(StatusCodes.Status400BadRequest, "invalid-request", $"{name} is not a valid {TypeName(binding.Groups["type"].Value)}.", name).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            int status = 400;
            string code = status == 413 ? "body-too-large" : "invalid-request";
            string detail = status == 413 ? "The request body is larger than host:http:maxRequestBodyBytes."
                : field is not null ? $"The body's field '{field}' is not valid: {FirstSentence(json!.Message)}"
                : json is not null ? $"The body is not valid JSON: {FirstSentence(json.Message)}"
                : ex.Message;
            await Problems.Create(status, code, detail, field).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    // The framework's message for a route or query value it cannot convert: Failed to bind parameter "int callId" from "…".
    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[A-Za-z0-9_]+)\" from ", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();

    // "Nullable<int>" -> "int": the caller sent a value, the optionality is beside the point.
    private static string TypeName(string type) =>
        type.StartsWith("Nullable<", StringComparison.Ordinal) && type.EndsWith('>') ? type["Nullable<".Length..^1] : type;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is larger than host:http:maxRequestBodyBytes.");

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    // "$.decisions[0].decision" -> "decisions[0].decision"; "$" is the whole body.
    private static string? FieldName(string path) => path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] + "." : message;
    }
}
