using System.Collections;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Tools;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Configuration;

/// <summary>
/// host.json <c>tools</c> overridden from the environment like every other section
/// (<c>SCRIPTHARNESS__tools__0__timeoutMs</c>), with the JSON types of the file kept and every
/// override checked against the schema, naming its key.
/// </summary>
public sealed class ToolsEnvironmentOverrideTests : IDisposable
{
    private const string Tools = """
        { "tools": [
          { "name": "lookup", "description": "Looks a ticket up.", "kind": "host-resolved",
            "parameters": { "type": "object", "properties": { "id": { "type": "string", "maxLength": 12 } }, "required": ["id"] } },
          { "name": "count", "description": "Counts.", "kind": "command", "command": ["/bin/true"], "timeoutMs": 1000, "effect": ["read"],
            "parameters": { "type": "object" } }
        ] }
        """;

    private readonly string path = Path.Combine(Path.GetTempPath(), $"host-tools-{Guid.NewGuid():N}.json");

    public ToolsEnvironmentOverrideTests() => File.WriteAllText(this.path, Tools);

    public void Dispose() => File.Delete(this.path);

    [Fact]
    public void An_environment_variable_overrides_a_tool_key_and_keeps_the_file_s_JSON_types()
    {
        JsonArray tools = this.Read(new Hashtable
        {
            ["SCRIPTHARNESS__tools__1__timeoutMs"] = "5000",
            ["SCRIPTHARNESS__tools__0__description"] = "Looks a ticket up in the tracker.",
            ["SCRIPTHARNESS__tools__1__effect__0"] = "write",
        });

        Assert.Equal(5000, tools[1]!["timeoutMs"]!.GetValue<long>());
        Assert.Equal("write", tools[1]!["effect"]![0]!.GetValue<string>());
        Assert.Equal("Looks a ticket up in the tracker.", tools[0]!["description"]!.GetValue<string>());

        // What no variable names is as the file wrote it: numbers stay numbers inside a JSON Schema.
        Assert.Equal(12, tools[0]!["parameters"]!["properties"]!["id"]!["maxLength"]!.GetValue<int>());
        Assert.Equal("/bin/true", tools[1]!["command"]![0]!.GetValue<string>());
    }

    [Fact]
    public void An_environment_variable_adds_a_tool_with_its_schema_given_as_JSON_text()
    {
        JsonArray tools = this.Read(new Hashtable
        {
            ["SCRIPTHARNESS__tools__2__name"] = "stamp",
            ["SCRIPTHARNESS__tools__2__description"] = "Stamps.",
            ["SCRIPTHARNESS__tools__2__kind"] = "host-resolved",
            ["SCRIPTHARNESS__tools__2__parameters"] = """{ "type": "object", "properties": { "n": { "type": "integer", "minimum": 1 } } }""",
        });

        Assert.Equal(3, tools.Count);
        Assert.Equal("stamp", tools[2]!["name"]!.GetValue<string>());
        Assert.Equal(1, tools[2]!["parameters"]!["properties"]!["n"]!["minimum"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("SCRIPTHARNESS__tools__1__timeoutMs", "soon", "tools[1]:timeoutMs")]
    [InlineData("SCRIPTHARNESS__tools__1__timeoutMs", "0", "tools[1]:timeoutMs")]
    [InlineData("SCRIPTHARNESS__tools__0__kind", "shell", "tools[0]:kind")]
    [InlineData("SCRIPTHARNESS__tools__0__parameters", "not json", "tools[0]:parameters")]
    [InlineData("SCRIPTHARNESS__tools__3__name", "gap", "tools[2]")]
    public void A_bad_override_fails_start_up_naming_its_key(string variable, string value, string key)
    {
        HostConfigurationException ex = Assert.Throws<HostConfigurationException>(() => this.Read(new Hashtable { [variable] = value }));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_tool_key_in_the_environment_fails_like_any_unknown_key()
    {
        HostConfigurationException ex = Assert.Throws<HostConfigurationException>(() => this.Read(new Hashtable { ["SCRIPTHARNESS__tools__0__timeout"] = "5" }));
        Assert.Contains("tools:0:timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_overrides_the_tools_are_the_file_s()
    {
        JsonArray tools = this.Read(new Hashtable { ["PATH"] = "/bin" });
        Assert.Equal(JsonNode.Parse(Tools)!["tools"]!.ToJsonString(), tools.ToJsonString());
    }

    private JsonArray Read(Hashtable environment)
    {
        IConfigurationRoot configuration = HostConfiguration.Load(this.path, null, environment);
        (string folder, JsonArray tools) = HostToolsSection.Read(configuration, HostToolsConfiguration.SectionName) ?? throw new InvalidOperationException("no tools");
        Assert.Equal(Path.GetDirectoryName(this.path), folder);
        return tools;
    }
}
