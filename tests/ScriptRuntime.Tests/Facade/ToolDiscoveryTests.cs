using System.Text.Json;
using ScriptHarness.ScriptRuntime.Declarations;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Facade;

/// <summary>
/// Tool discovery: <c>tools.$describe(name)</c> and <c>tools.$search(query)</c> answer from the
/// run's own tools without a call leaving the sandbox, and the declaration of a tool set above the
/// threshold lists names and summaries only.
/// </summary>
public class ToolDiscoveryTests
{
    private static readonly ToolDescriptor Weather = new("getWeather", "Returns the weather forecast for a city. Uses the national service.", Scripts.Json("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""))
    {
        ResultSchema = Scripts.Json("""{"type":"object","properties":{"celsius":{"type":"number"}}}"""),
        Effect = ToolEffect.Network,
    };

    private static readonly ToolDescriptor Sum = new("get-sum", "Adds two numbers.", Scripts.Json("""{"type":"object"}""")) { ScriptPath = ["mcp", "math", "get-sum"] };

    private static ScriptRunOptions Options(params ToolDescriptor[] tools)
    {
        ScriptRunOptions options = Scripts.Options();
        return new ScriptRunOptions
        {
            Tools = tools.Length > 0 ? tools : [Scripts.Echo, Scripts.Read, Scripts.Exec, Weather, Sum],
            Limits = options.Limits,
            RandomSeed = options.RandomSeed,
            Clock = options.Clock,
        };
    }

    [Fact]
    public void Describe_answers_the_full_description_schemas_and_effect_without_calling_anything()
    {
        var (report, dispatched, _) = Scripts.Drive("const d = tools.$describe('getWeather'); return d;", Options());

        Assert.Empty(dispatched);
        JsonElement d = report.Result!.Value;
        Assert.Equal("getWeather", d.GetProperty("name").GetString());
        Assert.Equal("tools.getWeather", d.GetProperty("call").GetString());
        Assert.Equal("Returns the weather forecast for a city.", d.GetProperty("summary").GetString());
        Assert.Equal(Weather.Description, d.GetProperty("description").GetString());
        Assert.Equal(["network"], d.GetProperty("effect").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", d.GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("number", d.GetProperty("result").GetProperty("properties").GetProperty("celsius").GetProperty("type").GetString());
        Assert.Equal("local", d.GetProperty("kind").GetString());
    }

    [Fact]
    public void Describe_reaches_a_namespaced_tool_by_its_name_and_tells_how_to_call_it()
    {
        var (report, _, _) = Scripts.Drive("return [tools.$describe('get-sum').call, tools.$describe('readFile').result];", Options());
        Assert.Equal("""["tools.mcp.math[\"get-sum\"]",null]""", Scripts.ResultText(report));
    }

    [Fact]
    public void Describing_an_unknown_name_throws_a_typed_tool_validation_error_with_suggestions()
    {
        var (report, _, _) = Scripts.Drive("""
            try { tools.$describe('weather'); return 'found'; } catch (e) { return { code: e.code, detail: e.detail, message: e.message }; }
            """, Options());

        JsonElement e = report.Result!.Value;
        Assert.Equal("tool-validation", e.GetProperty("code").GetString());
        Assert.Equal("unknown-tool", e.GetProperty("detail").GetString());
        Assert.Contains("did you mean getWeather", e.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (uncaught, _, _) = Scripts.Drive("tools.$describe(42);", Options());
        Assert.Equal(ScriptErrorCode.ToolValidation, uncaught.Error!.Code);
    }

    [Fact]
    public void Search_ranks_name_matches_above_description_matches_and_leaves_out_tools_that_match_nothing()
    {
        var (report, dispatched, _) = Scripts.Drive("return tools.$search('weather city');", Options());

        Assert.Empty(dispatched);
        JsonElement hits = report.Result!.Value;
        JsonElement first = Assert.Single(hits.EnumerateArray());
        Assert.Equal("getWeather", first.GetProperty("name").GetString());
        Assert.Equal("tools.getWeather", first.GetProperty("call").GetString());
        Assert.Equal("Returns the weather forecast for a city.", first.GetProperty("summary").GetString());

        var (ranked, _, _) = Scripts.Drive("return tools.$search('read file tool', 2).map(h => h.name);", Options());
        Assert.Equal("""["readFile","echo"]""", Scripts.ResultText(ranked));
        var (none, _, _) = Scripts.Drive("return tools.$search('zzz').length;", Options());
        Assert.Equal("0", Scripts.ResultText(none));
    }

    [Fact]
    public void The_discovery_members_are_frozen_hidden_from_keys_and_cannot_be_replaced()
    {
        var (report, _, _) = Scripts.Drive("""
            const original = tools.$describe;
            let threw = false;
            try { tools.$describe = () => ({ name: 'forged' }); } catch (e) { threw = true; }
            try { Object.defineProperty(tools, '$search', { value: () => [] }); } catch (e) { }
            try { delete tools.$describe; } catch (e) { }
            return [tools.$describe === original, tools.$describe('echo').name, tools.$search('echo').length, Object.keys(tools).includes('$describe'), Object.isFrozen(tools)];
            """, Options());

        Assert.Equal("""[true,"echo",1,false,true]""", Scripts.ResultText(report));
    }

    [Fact]
    public void A_tool_cannot_take_a_discovery_member_name()
    {
        Assert.Throws<ArgumentException>(() => ScriptRun.Start("return 1;", Options(Scripts.Tool("$describe", """{"type":"object"}"""))));
    }

    [Fact]
    public void Below_the_threshold_the_declaration_is_the_full_one_and_above_it_names_and_summaries_only()
    {
        ToolDescriptor[] tools = [Scripts.Echo, Scripts.Read, Scripts.Exec, Weather, Sum];
        string full = ToolDeclarationGenerator.Generate(tools);
        Assert.Equal(full, ToolDeclarationGenerator.Generate(tools, new ToolDiscoveryOptions { Threshold = 5 }));
        Assert.Equal(full, ToolDeclarationGenerator.Generate(tools, new ToolDiscoveryOptions()));

        string compact = ToolDeclarationGenerator.Generate(tools, new ToolDiscoveryOptions { Threshold = 4 });
        Assert.Contains("5 tools, listed by name and summary only", compact, StringComparison.Ordinal);
        Assert.Contains("/** Returns the weather forecast for a city. */\n  getWeather(args: object): Promise<unknown>;", compact, StringComparison.Ordinal);
        Assert.Contains("$describe(name: string): ToolDescription;", compact, StringComparison.Ordinal);
        Assert.Contains("$search(query: string, limit?: number): ToolSearchHit[];", compact, StringComparison.Ordinal);
        Assert.Contains("readonly mcp: {", compact, StringComparison.Ordinal);
        Assert.DoesNotContain("Uses the national service", compact, StringComparison.Ordinal);
        Assert.DoesNotContain("celsius", compact, StringComparison.Ordinal);
        Assert.Contains("celsius", full, StringComparison.Ordinal);
        Assert.Contains("interface ToolError", compact, StringComparison.Ordinal);
    }
}
