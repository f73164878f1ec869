using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ScriptHarness.Host.Http;

/// <summary>Options of <see cref="ApiKeyAuthenticationHandler"/>.</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The accepted key; null refuses every request.</summary>
    public ApiKey? Key { get; set; }
}

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the configured API key. The
/// principal carries the key's id (never the key), so approvals record which key decided.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The claim that holds the key's id.</summary>
    public const string KeyIdClaim = "scriptharness:key-id";

    /// <summary>The key id of an authenticated caller, or null.</summary>
    public static string? KeyIdOf(ClaimsPrincipal user) => user?.FindFirst(KeyIdClaim)?.Value;

    // A missing or wrong key is answered as every other error: a problem with our code.
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        this.Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Create(StatusCodes.Status401Unauthorized, "unauthorized", "A valid API key is required: Authorization: Bearer <key>.").ExecuteAsync(this.Context).ConfigureAwait(false);
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = this.Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        ApiKey? key = this.Options.Key;
        if (key is null || !key.Matches(header["Bearer ".Length..].Trim()))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        // NameIdentifier: the MCP SDK binds a stateful /mcp session to the user that opened it.
        ClaimsIdentity identity = new([new Claim(KeyIdClaim, key.Id), new Claim(ClaimTypes.Name, key.Id), new Claim(ClaimTypes.NameIdentifier, key.Id)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
