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
}
