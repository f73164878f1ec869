using ScriptHarness.ScriptRuntime.Declarations;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Facade;

/// <summary>Tools under a script path (<c>tools.mcp.server.tool</c>): alias, own name, spawn, errors, declaration.</summary>
public class NamespacedToolTests
{
    private static readonly ToolDescriptor GetSum = new("mcp.calc.get-sum", "Adds.", Scripts.Json("""{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}"""))
    {
        ScriptPath = ["mcp", "calc", "get-sum"],
    };

    private static ScriptRunOptions Options()
    {
        ScriptRunOptions defaults = Scripts.Options();
        return new ScriptRunOptions { Tools = [Scripts.Echo, GetSum], Limits = defaults.Limits, RandomSeed = defaults.RandomSeed, Clock = defaults.Clock };
    }

    [Fact]
    public void The_alias_the_own_name_and_spawn_reach_the_same_tool()
    {
        var (report, dispatched, _) = Scripts.Drive(
            """
            const a = await tools.mcp.calc.getSum({ a: 1, b: 2 });
            const b = await tools.mcp.calc['get-sum']({ a: 3, b: 4 });
            const c = await tools.spawn.mcp.calc.getSum({ a: 5, b: 6 }).done;
            return [a.tool, b.tool, c.tool, Object.keys(tools.mcp.calc).join(',')];
            """,
            Options());

        Assert.Equal(["mcp.calc.get-sum", "mcp.calc.get-sum", "mcp.calc.get-sum"], dispatched.Select(d => d.Tool));
        Assert.Equal("""["mcp.calc.get-sum","mcp.calc.get-sum","mcp.calc.get-sum","get-sum"]""", Scripts.ResultText(report));
    }

    [Fact]
    public void A_wrong_member_throws_listing_the_servers_tools_and_arguments_are_checked()
    {
        var (report, dispatched, _) = Scripts.Drive(
            """
            let missing, invalid;
            try { tools.mcp.calc.getSun; } catch (e) { missing = e.message; }
            try { await tools.mcp.calc.getSum({ a: 'x', b: 1 }); } catch (e) { invalid = e.message; }
            return [missing, invalid];
            """,
            Options());

        Assert.Empty(dispatched);
        string text = Scripts.ResultText(report);
        Assert.Contains("tools.mcp.calc.getSun is not a tool. Available tools: getSum (\\\"get-sum\\\")", text, StringComparison.Ordinal);
        Assert.Contains("Invalid arguments for tools.mcp.calc.get-sum: args.a must be a number, got a string.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_namespace_cannot_be_rewritten_by_the_script()
    {
        var (report, _, _) = Scripts.Drive(
            """
            'use strict';
            try { tools.mcp.calc.getSum = () => 1; return 'rewritten'; } catch (e) { return e instanceof TypeError; }
            """,
            Options());

        Assert.Equal("true", Scripts.ResultText(report));
    }

    [Fact]
    public void The_declaration_nests_the_namespace_and_names_the_own_name()
    {
        string declaration = ToolDeclarationGenerator.Generate([Scripts.Echo, GetSum]);

        Assert.Contains("type McpCalcGetSumArgs = {", declaration, StringComparison.Ordinal);
        Assert.Contains("  readonly mcp: {\n    readonly calc: {\n", declaration, StringComparison.Ordinal);
        Assert.Contains("getSum(args: McpCalcGetSumArgs): Promise<McpCalcGetSumResult>;", declaration, StringComparison.Ordinal);
        Assert.Contains("Also tools.mcp.calc[\"get-sum\"].", declaration, StringComparison.Ordinal);
        Assert.Contains("Also tools.spawn.mcp.calc[\"get-sum\"].", declaration, StringComparison.Ordinal);
    }
}
