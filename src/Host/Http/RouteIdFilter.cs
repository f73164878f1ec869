using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Http;

/// <summary>
/// Refuses a run or turn id in the path that cannot name a run (too long, characters outside
/// <see cref="InstanceIdRules.AllowedCharacters"/>, a NUL) with a 400 problem that says why, before
/// the handler hands it to the store.
/// </summary>
internal sealed class RouteIdFilter : IEndpointFilter
{
    /// <summary>The route value it checks.</summary>
    public const string RouteValue = "id";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HttpContext.Request.RouteValues.TryGetValue(RouteValue, out object? value)
            && InstanceIdRules.Problem(value as string, "The run id in the path") is { } problem)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-request", problem, RouteValue);
        }

        return await next(context).ConfigureAwait(false);
    }
}
