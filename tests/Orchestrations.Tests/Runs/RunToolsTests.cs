using System.Text.Json;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.Orchestrations.Runs;

public sealed class RunToolsTests
{
    private static readonly ToolDescriptor[] Worker = [Tool("exec"), Tool("readFile"), Tool("addedLater")];

    [Fact]
    public void A_run_sees_only_the_tools_it_started_with_in_their_recorded_order()
    {
        IReadOnlyList<ToolDescriptor> seen = RunTools.Select(Worker, ["readFile", "exec"]);

        Assert.Equal(["readFile", "exec"], seen.Select(t => t.Name));
    }

    [Fact]
    public void An_input_without_a_tool_list_sees_every_tool_of_the_worker() =>
        Assert.Same(Worker, RunTools.Select(Worker, null));

    [Fact]
    public void A_recorded_tool_the_worker_lacks_is_named_in_the_error()
    {
        RunToolMissingException missing = Assert.Throws<RunToolMissingException>(() => RunTools.Select(Worker, ["exec", "gone"]));

        Assert.Equal(["gone"], missing.Missing);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("12", 12)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("1.0.0", null)]
    [InlineData("-1", null)]
    public void The_orchestration_version_names_a_contract_only_as_a_positive_whole_number(string version, int? contract) =>
        Assert.Equal(contract, ReplayContract.Of(version));

    [Fact]
    public void A_contract_outside_the_shipped_range_is_refused()
    {
        Assert.Equal(ReplayContract.Current, ReplayContract.Require(ReplayContract.CurrentVersion));
        Assert.Equal(ReplayContract.Current, ReplayContract.Require(string.Empty));
        Assert.Throws<ReplayContractMismatchException>(() => ReplayContract.Require("1.0.0"));
        Assert.Throws<ReplayContractMismatchException>(() => ReplayContract.Require(ReplayContract.VersionOf(ReplayContract.Current + 1)));
        Assert.Throws<ReplayContractMismatchException>(() => ReplayContract.Require(ReplayContract.VersionOf(ReplayContract.Oldest - 1)));
    }

    private static ToolDescriptor Tool(string name) => new(name, name, JsonDocument.Parse("{}").RootElement.Clone());
}
