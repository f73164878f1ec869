using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Tests.ScriptRuntime.Errors;

public class ScriptErrorCodeTests
{
    [Fact]
    public void Every_code_has_a_distinct_stable_kebab_case_name_that_parses_back()
    {
        ScriptErrorCode[] all = Enum.GetValues<ScriptErrorCode>();
        string[] codes = all.Select(c => c.ToCode()).ToArray();

        Assert.Equal(codes.Length, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c));
        Assert.All(all, c => Assert.True(ScriptErrorCodes.TryParse(c.ToCode(), out ScriptErrorCode back) && back == c));
        Assert.Contains("typescript-syntax", codes);
        Assert.Contains("non-determinism", codes);
    }

    [Fact]
    public void Error_serializes_with_its_stable_code_and_limit_name()
    {
        ScriptError error = ScriptError.LimitExceeded(ScriptLimit.Memory, "Script used more than 96 MB.") with { Line = 3 };

        string json = JsonSerializer.Serialize(error);
        ScriptError? back = JsonSerializer.Deserialize<ScriptError>(json);

        Assert.Contains("\"Code\":\"limit-exceeded\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Limit\":\"Memory\"", json, StringComparison.Ordinal);
        Assert.Equal(error, back);
    }
}
