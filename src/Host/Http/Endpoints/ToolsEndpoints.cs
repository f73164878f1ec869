using ScriptHarness.Activities.Registry;
using ScriptHarness.Host.Tools;

namespace ScriptHarness.Host.Http.Endpoints;

/// <summary>
/// <c>GET /api/tools</c>: the TypeScript declaration of the tools a script on this server can call,
/// so a remote client (the Microsoft.Extensions.AI door) can put it in the model's prompt.
/// </summary>
internal static class ToolsEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapTools(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/api/tools").WithTags("Tools");
        group.MapGet("/", Get).WithName("GetTools").WithSummary("The TypeScript declaration of the tools a script can call (the same text as `tools --typescript`).");
        return group;
    }

    private static ToolDeclaration Get(ToolRegistry registry, IConfiguration configuration) => new(ToolDeclarations.For(registry, configuration));

    /// <summary>The body of <c>GET /api/tools</c>.</summary>
    /// <param name="Typescript">The declaration of <c>tools</c>.</param>
    internal sealed record ToolDeclaration(string Typescript);
}
