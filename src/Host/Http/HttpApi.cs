using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Dashboard;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Host.Http.Endpoints;
using ScriptHarness.Host.McpServing;

using ScriptHarness.Host.Reports;

namespace ScriptHarness.Host.Http;

/// <summary>The HTTP API and the durable worker in one web application (<c>serve</c>).</summary>
internal static class HttpApi
{
    /// <summary>Where <c>serve</c> answers MCP clients.</summary>
    public const string McpEndpoint = "/mcp";

    /// <summary>Builds the application on <paramref name="configuration"/>, accepting only <paramref name="key"/>.</summary>
    public static WebApplication Build(IConfiguration configuration, ApiKey key, HarnessHostOptions host)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        HarnessLogging.Configure(builder.Logging, configuration, LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Authentication brings data protection; nothing of ours is protected with it, so its key warnings are noise.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.UseUrls(host.Http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = host.Http.MaxRequestBodyBytes);

        builder.Services.AddScriptHarnessHost(configuration);
        // Clients that open with the initialize handshake (2025-11-25 and earlier) get a session, so the
        // server can ask them (elicitation); 2026-07-28 clients are served statelessly and get `paused`.
        builder.Services.AddScriptHarnessMcpServer().WithHttpTransport(o => o.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.StatefulForInitializeClients);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();

        // Numbers are numbers on the wire: the web default also reads "1" as 1, which the OpenAPI
        // document then declares as integer-or-string and a generated client gets wrong.
        // Enums are kebab case on the wire, the report's too (WireEnums).
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            WireEnums.Apply(o.SerializerOptions);
        });
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>().AddDocumentTransformer<ProblemResponsesTransformer>().AddDocumentTransformer<NullableReferenceTransformer>());
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, o => o.Key = key);
        AuthorizationPolicy requireKey = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
        builder.Services.AddAuthorizationBuilder().SetDefaultPolicy(requireKey).SetFallbackPolicy(requireKey);
        builder.Services.AddDashboard();

        WebApplication app = builder.Build();
        app.UseMiddleware<UnexpectedFaultProblems>();
        app.UseMiddleware<BadRequestProblems>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments(McpEndpoint), mcp => mcp.UseMiddleware<McpOriginGuard>((IReadOnlyCollection<string>)host.Http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        app.UseMiddleware<SecurityHeaders>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        // Every endpoint needs the key, the OpenAPI document included: explicit here, and the fallback policy covers anything mapped later.
        app.MapOpenApi().RequireAuthorization(requireKey);
        RouteGroupBuilder api = app.MapGroup(string.Empty).RequireAuthorization(requireKey);
        api.MapTurns();
        api.MapRuns();
        api.MapContinue();
        api.MapRollback();
        api.MapApprovals();
        api.MapTools();

        // The approval dashboard at / (its own session cookie; the API above still takes only the key).
        app.MapDashboard(key);

        // The MCP server (Streamable HTTP) behind the same key: a client without it gets 401 before any MCP message is read.
        app.MapMcp(McpEndpoint).RequireAuthorization(requireKey);
        return app;
    }
}
