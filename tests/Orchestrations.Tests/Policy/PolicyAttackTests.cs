using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.ScriptRuntime.Tools;
using static ScriptHarness.Tests.Orchestrations.Policy.PolicyTestCalls;

namespace ScriptHarness.Tests.Orchestrations.Policy;

/// <summary>
/// The attacks of issue 16 on the policy, each performed with the facts the real tools state:
/// exec operands hidden behind <c>--</c> or dressed as options, run-scope grants stretched to
/// options that run programs, and patches that plant git metadata below the top level.
/// </summary>
public class PolicyAttackTests
{
    private static readonly ApprovalPolicy PushAsks = new()
    {
        Rules = [new ApprovalRule { Tool = "exec", ArgvPrefix = ["git", "push"], Action = ApprovalAction.Ask }],
    };

    // Class 2: exec path checks bypassed with operands after `--` or operands that look like options.
    [Theory]
    [InlineData("cat", "--", "/proc/1/environ")]
    [InlineData("cat", "--", "../../etc/passwd")]
    [InlineData("cat", "--", "--/../../etc/passwd")]
    [InlineData("cat", "--", "-/../../../proc/self/environ")]
    [InlineData("grep", "-r", "x", "--", "/etc")]
    [InlineData("head", "--/etc/passwd")]
    [InlineData("head", "--../../etc/passwd")]
    [InlineData("tail", "-/etc/passwd")]
    [InlineData("grep", "-rf/etc/passwd", "src")]
    [InlineData("grep", "-rnf../../etc/shadow", "src")]
    [InlineData("grep", "--file=/proc/1/environ", "src")]
    [InlineData("diff", "--from-file=~/.ssh/id_rsa", "a")]
    [InlineData("git", "diff", "--no-index", "--", "/etc/passwd", "a")]
    [InlineData("git", "blame", "--contents", "/etc/passwd", "a")]
    [InlineData("wc", "x=/etc/passwd")]
    public void An_exec_operand_outside_the_workspace_asks_however_it_is_dressed(params string[] argv)
    {
        PolicyVerdict verdict = Decide(Exec(argv));
        Assert.Equal(ApprovalAction.Ask, verdict.Action);
        Assert.Equal(SafeDefaults.Source, verdict.Source);
    }

    [Fact]
    public void The_worker_environment_through_proc_asks_as_an_argv_and_as_a_shell_line()
    {
        Assert.Equal(ApprovalAction.Ask, Decide(Exec("cat", "--", "/proc/1/environ")).Action);
        Assert.Equal(ApprovalAction.Ask, Decide(Shell("cat -- /proc/1/environ")).Action);
        Assert.Equal(ApprovalAction.Ask, Decide(Call("exec", """{"command":["cat","--","environ"],"cwd":"/proc/1"}""")).Action);
    }

    [Theory]
    [InlineData("cat", "--", "src/a.cs")]
    [InlineData("cat", "--", "-weird-name")]
    [InlineData("grep", "-rn", "--", "-x", "src")]
    [InlineData("head", "-n5", "README.md")]
    [InlineData("git", "log", "--format=%h", "--", "src")]
    public void Operands_inside_the_workspace_still_run_without_asking(params string[] argv) =>
        Assert.Equal(ApprovalAction.Allow, Decide(Exec(argv)).Action);

    // git takes any unambiguous prefix of a long option: --outp= is --output=.
    [Theory]
    [InlineData("git", "diff", "--outp=.git/config")]
    [InlineData("git", "log", "--ext-d")]
    [InlineData("git", "show", "--textc")]
    [InlineData("git", "-c", "core.pager=sh -c id", "log")]
    [InlineData("git", "-c", "core.fsmonitor=touch /tmp/pwned", "status")]
    [InlineData("git", "--git-dir=/elsewhere/.git", "log")]
    public void Git_options_that_run_programs_or_write_files_ask_even_abbreviated(params string[] argv) =>
        Assert.Equal(ApprovalAction.Ask, Decide(Exec(argv)).Action);

    // Class 3: a run-scope grant on a rule's argv prefix stretched to options that run programs.
    [Fact]
    public void A_run_scope_git_push_grant_covers_plain_operands_but_not_receive_pack()
    {
        string granted = Decide(Exec("git", "push"), PushAsks).GrantKey;
        Assert.Equal(granted, Decide(Exec("git", "push", "origin", "main"), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Exec("git", "push", "--receive-pack=touch /tmp/pwned", "origin"), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Exec("git", "push", "origin", "--receive-pack", "sh"), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Exec("git", "push", "--exec=sh", "origin"), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Exec("git", "push", "-f", "origin"), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Exec("git", "push", "--", "origin"), PushAsks).GrantKey);
    }

    [Fact]
    public void A_run_scope_prefix_grant_never_covers_shell_syntax_another_directory_or_an_environment()
    {
        string granted = Decide(Exec("git", "push"), PushAsks).GrantKey;
        Assert.NotEqual(granted, Decide(Shell("git push origin; sh -c id"), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Shell("git push $(id)"), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Call("exec", """{"command":["git","push","origin"],"env":{"GIT_SSH_COMMAND":"sh -c id"}}"""), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Call("exec", """{"command":["git","push","origin"],"cwd":"vendor/other"}"""), PushAsks).GrantKey);
    }

    [Fact]
    public void An_exactly_approved_command_with_options_covers_only_itself()
    {
        string granted = Decide(Exec("git", "push", "--tags", "origin"), PushAsks).GrantKey;
        Assert.Equal(granted, Decide(Exec("git", "push", "--tags", "origin"), PushAsks).GrantKey);
        Assert.NotEqual(granted, Decide(Exec("git", "push", "--tags", "origin", "--receive-pack=sh"), PushAsks).GrantKey);
    }

    // Class 1: git metadata planted below the top level by an in-workspace patch.
    [Theory]
    [InlineData("sub/.git/config")]
    [InlineData("a/b/.git/hooks/x")]
    [InlineData(".git/config")]
    [InlineData("vendor/.GIT/config")]
    [InlineData("sub/.git")]
    [InlineData(".gitattributes")]
    [InlineData("x/.gitmodules")]
    [InlineData("lib/.gitattributes")]
    [InlineData("a/../sub/.git/config")]
    public void A_patch_that_writes_git_metadata_at_any_depth_asks(string file)
    {
        PolicyVerdict added = Decide(AddFiles("src/ok.cs", file));
        Assert.Equal(ApprovalAction.Ask, added.Action);
        Assert.Contains("git config, hooks and attributes run programs", added.Reason, StringComparison.Ordinal);
        Assert.Equal(ApprovalAction.Ask, Decide(Patch(file)).Action);
    }

    [Fact]
    public void A_patch_that_moves_a_file_into_a_nested_git_directory_asks()
    {
        PolicyCall move = Call("applyPatch", """{"patch":"*** Begin Patch\n*** Update File: notes.txt\n*** Move to: sub/.git/hooks/post-checkout\n@@\n-a\n+b\n*** End Patch\n"}""");
        Assert.Equal(ApprovalAction.Ask, Decide(move).Action);
    }

    [Theory]
    [InlineData(".github/workflows/x.yml")]
    [InlineData("gitfoo/.git_x")]
    [InlineData("docs/.gitignore")]
    [InlineData("src/my.git/file")]
    [InlineData(".gitattributes.md")]
    public void A_patch_of_names_that_only_look_like_git_metadata_is_allowed(string file) =>
        Assert.Equal(ApprovalAction.Allow, Decide(AddFiles(file)).Action);

    [Fact]
    public void A_patch_its_own_parser_refuses_is_let_through_for_the_tool_to_refuse()
    {
        PolicyVerdict verdict = Decide(Call("applyPatch", """{"patch":"*** Add File: .git/config\n+x\n"}"""));
        Assert.Equal(ApprovalAction.Allow, verdict.Action);
        Assert.Contains("refuses these arguments itself", verdict.Reason, StringComparison.Ordinal);
    }

    // Tools without stated facts.
    [Fact]
    public void A_custom_tool_that_declares_no_effect_asks() =>
        Assert.Equal(ApprovalAction.Ask, Decide(Call(Custom("deployToProduction"), "{}")).Action);

    [Fact]
    public void A_custom_tool_declared_read_is_allowed() =>
        Assert.Equal(ApprovalAction.Allow, Decide(Call(Custom("lookup", ToolEffect.Read), "{}")).Action);

    [Theory]
    [InlineData(ToolEffect.Write)]
    [InlineData(ToolEffect.Execute)]
    [InlineData(ToolEffect.Network)]
    [InlineData(ToolEffect.Read | ToolEffect.Network)]
    public void A_custom_tool_that_writes_runs_or_reaches_the_network_without_facts_asks(ToolEffect effect) =>
        Assert.Equal(ApprovalAction.Ask, Decide(Call(Custom("custom", effect), "{}")).Action);

    [Fact]
    public void A_custom_tool_with_facts_is_judged_by_them()
    {
        ToolDescriptor save = Custom("save", ToolEffect.Write) with
        {
            Facts = args => ToolCallFacts.OfPaths(args.GetProperty("to").GetString()!),
        };
        Assert.Equal(ApprovalAction.Allow, Decide(Call(save, """{"to":"out/report.md"}""")).Action);
        Assert.Equal(ApprovalAction.Ask, Decide(Call(save, """{"to":"deep/.git/config"}""")).Action);
        Assert.Equal(ApprovalAction.Ask, Decide(Call(save, """{"to":"/etc/cron.d/x"}""")).Action);
    }

    [Fact]
    public void A_facts_function_that_throws_makes_the_policy_ask_instead_of_failing_the_run()
    {
        ToolDescriptor broken = Custom("broken", ToolEffect.Write) with { Facts = _ => throw new InvalidOperationException("bug") };
        Assert.Equal(ApprovalAction.Ask, Decide(Call(broken, "{}")).Action);
    }

    [Fact]
    public void A_read_tool_outside_the_workspace_asks() =>
        Assert.Equal(ApprovalAction.Ask, Decide(Call("readFile", """{"path":"/proc/1/environ"}""")).Action);

    // Network per command.
    [Fact]
    public void Only_a_matching_host_rule_with_network_lets_a_command_reach_the_network()
    {
        ApprovalPolicy host = new()
        {
            Rules =
            [
                new ApprovalRule { Tool = "exec", ArgvPrefix = ["dotnet", "restore"], Action = ApprovalAction.Allow, Network = true },
                new ApprovalRule { Tool = "exec", ArgvPrefix = ["dotnet", "test"], Action = ApprovalAction.Allow },
            ],
        };
        Assert.True(Decide(Exec("dotnet", "restore"), host).Network);
        Assert.False(Decide(Exec("dotnet", "test"), host).Network);
        Assert.False(Decide(Exec("cat", "a"), host).Network);

        ApprovalPolicy runAllowsNothing = new() { Rules = [new ApprovalRule { Tool = "exec", Action = ApprovalAction.Allow }] };
        ApprovalPolicy runSaysNetwork = new() { Rules = [new ApprovalRule { Tool = "exec", Action = ApprovalAction.Allow, Network = true }] };
        Assert.False(Decide(Exec("dotnet", "restore"), host, runAllowsNothing).Network);
        Assert.True(Decide(Exec("dotnet", "restore"), host, runSaysNetwork).Network);
        Assert.False(Decide(Exec("dotnet", "test"), host, runSaysNetwork).Network);
    }
}
