using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Registry;

/// <summary>
/// The policy facts the tools state: their effect, and per call what the tool's own parser reads
/// from the arguments (so the policy cannot judge a different call than the one that runs).
/// </summary>
public sealed class ToolFactsTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ToolRegistry registry = BuiltInTools.CreateRegistry();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public void Every_built_in_tool_declares_its_effect_and_a_facts_function()
    {
        Dictionary<string, ToolEffect> effects = this.registry.Descriptors.ToDictionary(d => d.Name, d => d.Effect);
        Assert.Equal(ToolEffect.Execute, effects["exec"]);
        Assert.Equal(ToolEffect.Write, effects["applyPatch"]);
        Assert.All(["readFile", "listDir", "fileSearch", "grep"], name => Assert.Equal(ToolEffect.Read, effects[name]));
        Assert.All(this.registry.Descriptors, d => Assert.NotNull(d.Facts));
    }

    [Fact]
    public void Patch_facts_name_every_file_added_updated_deleted_and_moved_to_as_written()
    {
        ToolCallFacts facts = this.Facts("applyPatch", new
        {
            patch = "*** Begin Patch\n*** Add File: a/new.txt\n+x\n*** Update File: b.txt\n*** Move to: sub/.git/config\n@@\n-a\n+b\n*** Delete File: ../c.txt\n*** End Patch\n",
        });
        Assert.Null(facts.Refusal);
        Assert.Equal(["a/new.txt", "b.txt", "sub/.git/config", "../c.txt"], facts.Paths);
    }

    [Theory]
    [InlineData("*** Add File: x\n+y\n")]
    [InlineData("*** Begin Patch\n*** Frobnicate File: x\n*** End Patch\n")]
    [InlineData("*** Begin Patch\n*** End Patch\n")]
    public async Task A_patch_the_tool_refuses_is_refused_by_its_facts_with_the_tools_own_message(string patch)
    {
        ToolCallFacts facts = this.Facts("applyPatch", new { patch });
        ToolException refused = await Assert.ThrowsAsync<ToolException>(() => this.registry.InvokeAsync("applyPatch", this.Invocation(new { patch })));
        Assert.Equal(refused.Error.Message, facts.Refusal);
        Assert.Empty(facts.Paths);
    }

    [Fact]
    public void Exec_facts_carry_the_argv_cwd_and_environment_as_written()
    {
        ToolCallFacts facts = this.Facts("exec", new { command = new[] { "cat", "--", "/proc/1/environ" }, cwd = "src", env = new { B = "2", A = "1" } });
        CommandFacts command = Assert.IsType<CommandFacts>(facts.Command);
        Assert.Equal(["cat", "--", "/proc/1/environ"], command.Argv);
        Assert.False(command.ViaShell);
        Assert.Equal("src", command.Cwd);
        Assert.Equal(["B", "A"], command.Environment.Select(e => e.Key));
        Assert.Equal(["src"], facts.Paths);
    }

    [Fact]
    public void Exec_facts_of_a_shell_line_say_a_shell_reads_it_and_whether_it_has_shell_syntax()
    {
        CommandFacts plain = this.Facts("exec", new { command = "git  status\t--short" }).Command!;
        Assert.True(plain.ViaShell);
        Assert.Equal(["git", "status", "--short"], plain.Argv);
        Assert.False(plain.HasShellSyntax);
        Assert.True(this.Facts("exec", new { command = "cat a; id" }).Command!.HasShellSyntax);
        Assert.Equal(["."], this.Facts("exec", new { command = "ls" }).Paths);
    }

    [Fact]
    public void Exec_launches_exactly_the_command_its_facts_describe()
    {
        ToolArguments argv = ToolArguments.Open("exec", JsonSerializer.SerializeToElement(new { command = new[] { "cat", "--", "-x" } }));
        Assert.Equal(["cat", "--", "-x"], ExecCommandLine.Read(argv).Launch("/bin/sh"));
        ToolArguments line = ToolArguments.Open("exec", JsonSerializer.SerializeToElement(new { command = "echo hi | wc" }));
        Assert.Equal(["/bin/sh", "-c", "echo hi | wc"], ExecCommandLine.Read(line).Launch("/bin/sh"));
    }

    [Fact]
    public async Task An_exec_command_the_tool_refuses_is_refused_by_its_facts_with_the_tools_own_message()
    {
        var args = new { command = new[] { "cat", "a\0b" } };
        ToolCallFacts facts = this.Facts("exec", args);
        ToolException refused = await Assert.ThrowsAsync<ToolException>(() => this.registry.InvokeAsync("exec", this.Invocation(args)));
        Assert.Equal(refused.Error.Message, facts.Refusal);
        Assert.Null(facts.Command);
    }

    [Theory]
    [InlineData("readFile", """{"path":"/proc/1/environ"}""", "/proc/1/environ")]
    [InlineData("listDir", "{}", ".")]
    [InlineData("listDir", """{"path":"src"}""", "src")]
    [InlineData("grep", """{"pattern":"x","path":"../up"}""", "../up")]
    [InlineData("fileSearch", """{"query":"x"}""", ".")]
    public void Read_tools_state_the_path_they_read(string tool, string args, string path)
    {
        ToolCallFacts facts = this.registry.Get(tool).Descriptor.Facts!(JsonDocument.Parse(args).RootElement);
        Assert.Equal([path], facts.Paths);
        Assert.Null(facts.Command);
    }

    [Fact]
    public void A_host_resolved_tool_is_host_resolved_and_a_custom_tool_keeps_the_effect_it_declares()
    {
        var builder = new ToolRegistryBuilder();
        JsonElement schema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();
        Assert.Equal(ToolEffect.HostResolved, new ExternalTool(new ToolDescriptor("askUser", "Asks.", schema)).Descriptor.Effect);
        ToolDescriptor read = new("lookup", "Looks up.", schema) { Effect = ToolEffect.Read };
        Assert.Equal(ToolEffect.Read, new DelegateTool(read, (_, _) => Task.FromResult(schema)).Descriptor.Effect);
        Assert.Equal(ToolEffect.Unknown, new DelegateTool(read with { Effect = default }, (_, _) => Task.FromResult(schema)).Descriptor.Effect);
        builder.Add("net", "Fetches.", schema, null, (_, _) => Task.FromResult(schema), ToolEffect.Network);
        builder.AddExternal(new ToolDescriptor("pick", "Picks.", schema));
        ServiceProvider none = new ServiceCollection().BuildServiceProvider();
        Assert.Equal([ToolEffect.Network, ToolEffect.HostResolved], builder.Factories.Select(f => f(none).Descriptor.Effect));
    }

    private ToolCallFacts Facts(string tool, object args) =>
        this.registry.Get(tool).Descriptor.Facts!(JsonSerializer.SerializeToElement(args));

    private ToolInvocation Invocation(object args) => new("k", 1, this.ws.Root, JsonSerializer.SerializeToElement(args));
}
