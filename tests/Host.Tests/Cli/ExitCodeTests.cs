using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// The documented exit codes apart from the report's: usage errors (64) are not "the script
/// failed" (1), configuration errors are 78 wherever they are found, and messages name the
/// allowed values, never a .NET type.
/// </summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Theory]
    [InlineData("approve", "sh-x-b0", "abc", "CALL", "a call id")]
    [InlineData("approve", "sh-x-b0", "1", "--scope", "call, run", "--scope", "forever")]
    [InlineData("run", "model.md", "--approve", "--approve", "ask, all, none", "maybe")]
    [InlineData("respond", "sh-x-b0", "x3", "CALL", "a call id", "--json", "1")]
    [InlineData("frobnicate", "x", "y", "frobnicate", "frobnicate")]
    public async Task A_usage_error_exits_64_naming_the_allowed_values_and_no_dotnet_type(string verb, string first, string second, string named, string allowed, params string[] more)
    {
        HostProcess cli = await HostProcess.RunAsync(this.home.Root, null, [verb, first, second, .. more, "--store", this.home.Store]);

        Assert.True(cli.ExitCode == 64, $"exit {cli.ExitCode}\nstdout:\n{cli.Stdout}\nstderr:\n{cli.Stderr}");
        Assert.Contains(named, cli.Stderr, StringComparison.Ordinal);
        Assert.Contains(allowed, cli.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", cli.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ScriptHarness.", cli.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(this.home.Store));
    }

    [Fact]
    public async Task A_missing_connection_string_variable_exits_with_the_configuration_code_naming_the_variable()
    {
        Dictionary<string, string?> environment = new()
        {
            ["SCRIPTHARNESS__durable__backend"] = "azureStorage",
            ["SCRIPTHARNESS__durable__azureStorage__connectionStringVariable"] = "SH_TEST_NO_SUCH_VARIABLE",
        };
        HostProcess cli = await HostProcess.RunAsync(this.home.Root, environment, "list");

        Assert.True(cli.ExitCode == 78, $"exit {cli.ExitCode}\nstdout:\n{cli.Stdout}\nstderr:\n{cli.Stderr}");
        Assert.Contains("SH_TEST_NO_SUCH_VARIABLE", cli.Stderr, StringComparison.Ordinal);
    }
}
