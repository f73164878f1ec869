using ScriptHarness.Activities.Mcp.Options;

namespace ScriptHarness.Tests.Activities.Mcp;

public class McpOptionsValidatorTests
{
    [Fact]
    public void A_secret_value_written_where_a_variable_name_belongs_is_refused_without_echoing_it()
    {
        var options = new McpOptions();
        options.Servers["tickets"] = new McpServerOptions { Url = "https://example.com/mcp", Headers = { ["Authorization"] = "Bearer sk-live-0123456789abcdef0123456789abcdef" } };

        string problem = Assert.Single(McpOptionsValidator.Problems(options));

        Assert.Contains("mcp.servers.tickets", problem, StringComparison.Ordinal);
        Assert.Contains("never values", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef0123456789abcdef", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("get-stuff", null, "https://x/mcp", "JavaScript identifier")]
    [InlineData("both", "node", "https://x/mcp", "exactly one of command")]
    [InlineData("neither", null, null, "exactly one of command")]
    [InlineData("ftp", null, "ftp://x/mcp", "http or https")]
    public void Bad_servers_are_refused_naming_the_key(string name, string? command, string? url, string expected)
    {
        var options = new McpOptions();
        options.Servers[name] = new McpServerOptions { Command = command, Url = url };

        Assert.Contains(McpOptionsValidator.Problems(options), p => p.Contains(expected, StringComparison.Ordinal) && p.Contains($"mcp.servers.{name}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stdio_server_with_variable_names_is_accepted()
    {
        var options = new McpOptions();
        options.Servers["fs"] = new McpServerOptions { Command = "npx", Args = ["-y", "x"], Env = ["NODE_OPTIONS", "GITHUB_TOKEN"], Trust = true };

        Assert.Empty(McpOptionsValidator.Problems(options));
    }
}
