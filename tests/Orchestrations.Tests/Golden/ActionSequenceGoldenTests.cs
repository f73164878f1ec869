using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Golden;

/// <summary>
/// The guard of the replay contract: for a fixed set of scripts, the sequence of actions the
/// orchestrators schedule (activities with their essential inputs, timers, event waits,
/// sub-orchestrations, events sent, in order, and the completions that drove them) must equal
/// the golden file of every contract this build ships (<c>Golden/contract-N/</c>). A change that
/// alters a sequence would make paused runs replay differently after a deploy: bump
/// <see cref="ReplayContract.Current"/>, keep the old path for the old contract, and record the
/// new contract's files with <c>GOLDEN_UPDATE=1</c> (which only ever writes the current
/// contract's folder).
/// </summary>
public sealed class ActionSequenceGoldenTests
{
    private const string Workspace = "/golden/workspace";

    private static readonly Lazy<ToolRegistry> Tools = new(() => new ServiceCollection()
        .AddScriptHarnessTools(configureTools: b => FakeTools.Register(b, new ToolLedger(), new ToolGates()))
        .BuildServiceProvider()
        .GetRequiredService<ToolRegistry>());

    public static TheoryData<string, int> Cases()
    {
        TheoryData<string, int> cases = [];
        for (int contract = ReplayContract.Oldest; contract <= ReplayContract.Current; contract++)
        {
            foreach (GoldenScenario scenario in GoldenScenario.All)
            {
                cases.Add(scenario.Name, contract);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_action_sequence_of_each_golden_script_is_unchanged(string scenarioName, int contract)
    {
        GoldenScenario scenario = GoldenScenario.All.Single(s => s.Name == scenarioName);
        string actual = string.Join('\n', await Task.Run(() => Record(scenario, contract))) + "\n";
        string path = Path.Combine(GoldenFolder(), $"contract-{contract}", scenario.Name + ".txt");

        if (Environment.GetEnvironmentVariable("GOLDEN_UPDATE") == "1" && contract == ReplayContract.Current)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, actual);
        }

        Assert.True(File.Exists(path), $"No golden file {path} for contract {contract}. Record it with GOLDEN_UPDATE=1 (current contract only).");
        string expected = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        Assert.True(
            expected == actual,
            $"The orchestrator's action sequence for '{scenario.Name}' under replay contract {contract} changed. Runs paused under this contract would replay differently after a deploy. " +
            $"Bump the replay contract version (ReplayContract.Current) and keep the old path for contract {contract}, then record the new contract's golden files with GOLDEN_UPDATE=1 " +
            $"(see src/Orchestrations/README.md, Upgrades).\n--- expected ({path})\n{expected}\n--- actual\n{actual}");
    }

    [Fact]
    public void Every_golden_file_of_a_shipped_contract_belongs_to_a_scenario()
    {
        // A scenario dropped from the list would silently stop guarding its sequence.
        for (int contract = ReplayContract.Oldest; contract <= ReplayContract.Current; contract++)
        {
            string folder = Path.Combine(GoldenFolder(), $"contract-{contract}");
            IEnumerable<string> files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.txt").Select(f => Path.GetFileNameWithoutExtension(f)) : [];
            Assert.Empty(files.Except(GoldenScenario.All.Select(s => s.Name)));
        }
    }

    private static IReadOnlyList<string> Record(GoldenScenario scenario, int contract)
    {
        string version = ReplayContract.VersionOf(contract);
        ActionSequenceDriver driver = new(scenario.Events, GoldenScenario.ActivityResult, scenario.EventsFirst);
        ScriptRunOrchestrator runs = new(Tools.Value, contract);
        if (!scenario.IsTurn)
        {
            return driver.Run("golden-run", version, async context => await runs.RunAsync(context, Input(scenario, scenario.Scripts[0], 0)));
        }

        ScriptTurnInput turn = new("golden", "turn", [.. scenario.Scripts.Select((script, i) => Input(scenario, script, i))], "hash");
        return driver.Run(
            "golden-turn",
            version,
            async context => await new ScriptTurnOrchestrator().RunAsync(context, turn),
            async (child, _, input) => await runs.RunAsync(child, (ScriptRunInput)input!));
    }

    private static ScriptRunInput Input(GoldenScenario scenario, string script, int block)
    {
        OrchestrationsOptions options = new ConfigurationBuilder().AddInMemoryCollection(HarnessFixture.BaseSettings()).Build()
            .GetSection(OrchestrationsOptions.SectionName).Get<OrchestrationsOptions>()!;
        return new ScriptRunInput(script, new RunContext("golden", "turn", block, Workspace) { Mode = scenario.Mode })
        {
            HostPolicy = options.Approvals.ToPolicy(),
            ApprovalExpiry = TimeSpan.FromHours(1),
            Tools = [.. Tools.Value.Names],
            Notifications = scenario.Notifications,
            Continuation = block == 0 ? scenario.Continuation : null,
            Retries = scenario.Retries,
        };
    }

    private static string GoldenFolder([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}
