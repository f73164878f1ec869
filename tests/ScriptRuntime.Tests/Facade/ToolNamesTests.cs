using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Facade;

public class ToolNamesTests
{
    [Theory]
    [InlineData("get-sum", "getSum")]
    [InlineData("read_text_file", "readTextFile")]
    [InlineData("echo", "echo")]
    [InlineData("trigger-long-running-operation", "triggerLongRunningOperation")]
    [InlineData("2fa.check", "_2faCheck")]
    [InlineData("---", "")]
    public void The_alias_is_camelCase_of_the_name_split_on_non_alphanumerics(string name, string alias)
    {
        Assert.Equal(alias, ToolNames.Alias(name));
    }

    [Fact]
    public void Colliding_aliases_are_dropped_so_no_name_is_ambiguous()
    {
        ToolDescriptor[] tools =
        [
            Namespaced("get-sum"), Namespaced("get_sum"), Namespaced("list-files"), Namespaced("listFiles"), Namespaced("echo"),
        ];

        IReadOnlyDictionary<string, string> aliases = ToolNames.Aliases(tools);

        Assert.Equal(new Dictionary<string, string>(), aliases.Where(a => a.Key.Contains("sum", StringComparison.Ordinal)).ToDictionary());
        Assert.False(aliases.ContainsKey("mcp.s.list-files"));
        Assert.False(aliases.ContainsKey("mcp.s.echo"));
    }

    private static ToolDescriptor Namespaced(string member) =>
        new($"mcp.s.{member}", "d", Scripts.Json("""{"type":"object"}""")) { ScriptPath = ["mcp", "s", member] };
}
