using ScriptHarness.ScriptRuntime.Facade;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Facade;

public class ArgumentValidatorTests
{
    private static IReadOnlyList<string> Validate(string schema, string value) =>
        ArgumentValidator.Validate(Scripts.Json(schema), Scripts.Json(value));

    [Theory]
    [InlineData("""{"type":"integer"}""", "3", true)]
    [InlineData("""{"type":"integer"}""", "3.5", false)]
    [InlineData("""{"type":["string","null"]}""", "null", true)]
    [InlineData("""{"type":["string","null"]}""", "1", false)]
    [InlineData("""{"enum":["a","b"]}""", "\"b\"", true)]
    [InlineData("""{"enum":["a","b"]}""", "\"c\"", false)]
    [InlineData("""{"const":{"x":1}}""", """{"x":1}""", true)]
    [InlineData("""{"type":"number","minimum":0,"maximum":10}""", "11", false)]
    [InlineData("""{"type":"number","exclusiveMinimum":0}""", "0", false)]
    [InlineData("""{"type":"string","minLength":2,"maxLength":3}""", "\"abcd\"", false)]
    [InlineData("""{"type":"array","minItems":1,"maxItems":2}""", "[]", false)]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"number"}]}""", "true", false)]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"number"}]}""", "2", true)]
    [InlineData("""{"oneOf":[{"type":"number"},{"type":"integer"}]}""", "2", false)]
    [InlineData("""{"oneOf":[{"type":"number"},{"type":"integer"}]}""", "2.5", true)]
    public void Keywords_of_the_supported_subset_accept_and_reject(string schema, string value, bool valid)
    {
        Assert.Equal(valid, Validate(schema, value).Count == 0);
    }

    [Fact]
    public void Errors_name_the_path_of_the_offending_field()
    {
        IReadOnlyList<string> errors = Validate(
            """
            {"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}},
             "env":{"type":"object","additionalProperties":{"type":"string"}}},"required":["command","cwd"]}
            """,
            """{"command":["ls",3],"env":{"HOME":"/h","bad key":1}}""");

        Assert.Equal(
            ["args.cwd is required.", "args.command[1] must be a string, got a number.", "args.env[\"bad key\"] must be a string, got a number."],
            errors);
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"^a+$"}""", "\"aaa\"", true)]
    [InlineData("""{"type":"string","pattern":"^a+$"}""", "\"b\"", false)]
    [InlineData("""{"type":"string","format":"date-time"}""", "\"yesterday\"", false)]
    [InlineData("""{"type":"object","patternProperties":{"^n_":{"type":"number"}}}""", """{"n_x":"1"}""", false)]
    [InlineData("""{"type":"number","multipleOf":5}""", "12", false)]
    [InlineData("""{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"a":{"type":"integer"}}}""", """{"a":1.5}""", false)]
    public void Keywords_the_old_subset_ignored_are_enforced(string schema, string value, bool valid)
    {
        Assert.Equal(valid, Validate(schema, value).Count == 0);
    }

    [Fact]
    public void A_ref_into_defs_is_followed_and_the_message_still_names_the_field()
    {
        IReadOnlyList<string> errors = Validate(
            """{"type":"object","properties":{"item":{"$ref":"#/$defs/Item"}},"$defs":{"Item":{"type":"object","properties":{"count":{"type":"integer","minimum":1}},"required":["count"]}}}""",
            """{"item":{"count":0}}""");

        Assert.Equal(["args.item.count must be >= 1, got 0."], errors);
    }

    [Fact]
    public void A_pattern_failure_says_what_was_expected()
    {
        IReadOnlyList<string> errors = Validate("""{"type":"object","properties":{"id":{"type":"string","pattern":"^T-[0-9]+$"}}}""", """{"id":"7"}""");

        Assert.Equal(["args.id must match the pattern \"^T-[0-9]+$\"."], errors);
    }

    [Fact]
    public void An_unknown_field_lists_the_known_ones()
    {
        IReadOnlyList<string> errors = Validate("""{"type":"object","properties":{"a":{}},"additionalProperties":false}""", """{"b":1}""");

        Assert.Equal(["args.b is not a known field (known fields: a)."], errors);
    }
}

public class ArgumentValidatorKindOnlyTests
{
    public static TheoryData<string> Schemas => new()
    {
        "true", "{}", """{"type":"object"}""", """{"type":"object","description":"d","title":"t"}""", """{"type":"array"}""",
        """{"type":"string"}""", """{"type":"number"}""", """{"type":"boolean"}""", """{"type":"null"}""", """{"type":"integer"}""",
        """{"type":["string","null"]}""", """{"type":"object","minProperties":1}""", """{"type":"object","required":["a"]}""",
        """{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}""", """{"type":"string","format":"date-time"}""",
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void The_per_tool_check_gives_the_same_verdict_and_messages_as_the_library(string schema)
    {
        ScriptHarness.ScriptRuntime.Tools.ToolDescriptor tool = new("t", "test", Scripts.Json(schema));
        foreach (string value in new[] { "{}", """{"a":1}""", "[]", "\"s\"", "\"2024-01-01T00:00:00Z\"", "1", "1.5", "true", "false", "null" })
        {
            Assert.Equal(ArgumentValidator.Validate(Scripts.Json(schema), Scripts.Json(value)), ArgumentValidator.Validate(tool, Scripts.Json(value)));
        }
    }

    [Fact]
    public void A_wrong_kind_under_a_kind_only_schema_is_still_refused_with_the_library_message()
    {
        ScriptHarness.ScriptRuntime.Tools.ToolDescriptor tool = new("t", "test", Scripts.Json("""{"type":"object"}"""));

        Assert.Equal(["args must be an object, got an array."], ArgumentValidator.Validate(tool, Scripts.Json("[1]")));
    }
}
