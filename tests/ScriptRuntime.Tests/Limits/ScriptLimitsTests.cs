using System.Text.Json;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Tests.ScriptRuntime.Limits;

public class ScriptLimitsTests
{
    [Fact]
    public void Defaults_are_the_products_defaults_and_valid()
    {
        ScriptLimits limits = new();

        Assert.Equal(
            (30_000, 96L * 1024 * 1024, 65_536, 100, 8, 131_072, 1_048_576, 65_536, 200),
            (limits.ExecutionTimeMs, limits.MemoryBytes, limits.MaxScriptBytes, limits.MaxToolCalls, limits.MaxToolCallsInFlight,
             limits.MaxReturnValueBytes, limits.MaxToolResultBytes, limits.MaxConsoleBytes, limits.MaxConsoleEntries));
        Assert.Empty(limits.Validate());
    }

    [Fact]
    public void Property_names_match_the_host_json_section_keys()
    {
        ScriptLimits limits = JsonSerializer.Deserialize<ScriptLimits>(
            """{"executionTimeMs":5000,"memoryBytes":2097152,"maxRecursionDepth":64,"maxStatements":1000,"maxScriptBytes":100,"maxToolCalls":3,"maxToolCallsInFlight":2,"maxReturnValueBytes":64,"maxToolResultBytes":4096,"maxConsoleBytes":10,"maxConsoleEntries":1}""",
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow })!;

        Assert.Equal((5000, 2097152L, 64, 1000, 3, 2), (limits.ExecutionTimeMs, limits.MemoryBytes, limits.MaxRecursionDepth, limits.MaxStatements, limits.MaxToolCalls, limits.MaxToolCallsInFlight));
        Assert.Equal((100, 64, 4096, 10, 1), (limits.MaxScriptBytes, limits.MaxReturnValueBytes, limits.MaxToolResultBytes, limits.MaxConsoleBytes, limits.MaxConsoleEntries));
        Assert.Empty(limits.Validate());
    }

    [Fact]
    public void F14_invalid_values_are_each_reported_by_their_configuration_key()
    {
        ScriptLimits limits = new() { ExecutionTimeMs = 0, MaxToolCallsInFlight = 0, MemoryBytes = 10 };

        IReadOnlyList<string> problems = limits.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("scriptRuntime:limits:executionTimeMs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("scriptRuntime:limits:maxToolCallsInFlight", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("scriptRuntime:limits:memoryBytes", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(limits.ThrowIfInvalid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(64 * 1024 * 1024 + 1)]
    public void A_tool_result_limit_out_of_range_is_reported_by_its_key(int value)
    {
        ScriptLimits limits = new() { MaxToolResultBytes = value };

        Assert.StartsWith("scriptRuntime:limits:maxToolResultBytes ", Assert.Single(limits.Validate()), StringComparison.Ordinal);
        ArgumentException thrown = Assert.Throws<ArgumentException>(limits.ThrowIfInvalid);
        Assert.Contains("maxToolResultBytes", thrown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ScriptHarness.ScriptRuntime.Execution.ScriptRun.Start("return 1;", Support.Scripts.Options(limits)));
    }

    [Fact]
    public void A_clone_keeps_the_tool_result_limit_and_does_not_follow_later_changes()
    {
        ScriptLimits shared = new() { MaxToolResultBytes = 2048 };

        ScriptLimits copy = shared.Clone();
        shared.MaxToolResultBytes = 4096;

        Assert.Equal(2048, copy.MaxToolResultBytes);
    }
}
