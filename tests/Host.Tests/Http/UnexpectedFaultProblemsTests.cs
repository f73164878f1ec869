using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ScriptHarness.Host.Http;

namespace ScriptHarness.Tests.Host.Http;

/// <summary>The pipeline's last resort: an unexpected fault is a 500 problem with a trace id and never the exception's text.</summary>
public sealed class UnexpectedFaultProblemsTests
{
    [Fact]
    public async Task An_unexpected_exception_becomes_a_500_internal_problem_without_its_message()
    {
        const string secret = "/home/operator/.secrets leaked \u001b[2K";
        (int status, JsonNode body, string text) = await InvokeAsync(_ => throw new InvalidOperationException(secret));

        Assert.Equal(500, status);
        Assert.Equal("internal", body["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["traceId"]!.GetValue<string>()));
        Assert.DoesNotContain("secrets", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "not-found")]
    [InlineData(405, "method-not-allowed")]
    [InlineData(415, "invalid-request")]
    [InlineData(503, "internal")]
    public async Task A_bare_status_code_gets_a_problem_body(int bare, string code)
    {
        (int status, JsonNode body, _) = await InvokeAsync(context =>
        {
            context.Response.StatusCode = bare;
            return Task.CompletedTask;
        });

        Assert.Equal(bare, status);
        Assert.Equal(code, body["code"]!.GetValue<string>());
    }

    private static async Task<(int Status, JsonNode Body, string Text)> InvokeAsync(RequestDelegate next)
    {
        ServiceCollection services = new();
        services.AddLogging();
        services.AddProblemDetails();
        await using ServiceProvider provider = services.BuildServiceProvider();
        DefaultHttpContext context = new() { RequestServices = provider };
        context.Request.Method = "GET";
        context.Request.Path = "/api/runs/x";
        using MemoryStream output = new();
        context.Response.Body = output;

        await new UnexpectedFaultProblems(next, NullLogger<UnexpectedFaultProblems>.Instance).InvokeAsync(context);

        string text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal("application/problem+json", context.Response.ContentType);
        return (context.Response.StatusCode, JsonNode.Parse(text)!, text);
    }
}
