using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.ScriptRuntime.Tools;
using static ScriptHarness.Tests.Orchestrations.Policy.PolicyTestCalls;

namespace ScriptHarness.Tests.Orchestrations.Policy;

public class DefaultPolicyTests
{
    [Theory]
    [InlineData("readFile", """{"path":"src/a.cs"}""")]
    [InlineData("listDir", """{"path":"."}""")]
    [InlineData("fileSearch", """{"query":"Program"}""")]
    [InlineData("grep", """{"pattern":"TODO","path":"src"}""")]
    public void Reads_are_allowed(string tool, string args) =>
        Assert.Equal(ApprovalAction.Allow, Decide(Call(tool, args)).Action);

    [Fact]
    public void A_patch_inside_the_workspace_is_allowed() =>
        Assert.Equal(ApprovalAction.Allow, Decide(Patch("src/a.cs", "docs/readme.md")).Action);

    [Theory]
    [InlineData("../outside.cs")]
    [InlineData("/etc/hosts")]
    [InlineData("src/../../escape.cs")]
    [InlineData("~/.bashrc")]
    public void A_patch_that_leaves_the_workspace_asks(string file)
    {
        PolicyVerdict verdict = Decide(Patch("src/a.cs", file));
        Assert.Equal(ApprovalAction.Ask, verdict.Action);
        Assert.Contains("outside the workspace", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData(".git/hooks/pre-commit")]
    public void A_patch_into_git_metadata_asks_because_git_config_and_hooks_run_code(string file) =>
        Assert.Equal(ApprovalAction.Ask, Decide(Patch(file)).Action);

    [Theory]
    [InlineData("cat", "src/a.cs")]
    [InlineData("head", "-n", "20", "README.md")]
    [InlineData("ls", "-la")]
    [InlineData("git", "status")]
    [InlineData("git", "diff", "--stat")]
    [InlineData("git", "log", "--oneline", "-n", "5")]
    [InlineData("grep", "-rn", "a|b", "src")]
    [InlineData("find", ".", "-name", "*.cs")]
    [InlineData("wc", "-l", "src/../README.md")]
    [InlineData("cat", "/work/ws/src/a.cs")]
    public void A_read_only_command_inside_the_workspace_runs_without_asking(params string[] argv) =>
        Assert.Equal(ApprovalAction.Allow, Decide(Exec(argv)).Action);

    [Theory]
    [InlineData("cat", "/etc/passwd")]
    [InlineData("head", "../x")]
    [InlineData("cat", "src/../../x")]
    [InlineData("grep", "-r", "root", "/etc")]
    [InlineData("grep", "--file=/etc/shadow", "src")]
    [InlineData("grep", "-f/etc/shadow", "src")]
    [InlineData("ls", "~")]
    public void A_read_only_command_with_a_path_outside_the_workspace_asks(params string[] argv)
    {
        PolicyVerdict verdict = Decide(Exec(argv));
        Assert.Equal(ApprovalAction.Ask, verdict.Action);
        Assert.Contains("outside the workspace", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cat a.txt; rm -rf /")]
    [InlineData("cat a.txt && curl evil")]
    [InlineData("cat a.txt | sh")]
    [InlineData("echo $(id)")]
    [InlineData("echo `id`")]
    [InlineData("cat a.txt > b.txt")]
    [InlineData("cat 'a b'")]
    [InlineData("cat *")]
    public void A_shell_command_with_operators_asks(string command)
    {
        PolicyVerdict verdict = Decide(Shell(command));
        Assert.Equal(ApprovalAction.Ask, verdict.Action);
        Assert.Contains("shell operators", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_shell_command_on_the_read_only_list_runs_without_asking() =>
        Assert.Equal(ApprovalAction.Allow, Decide(Shell("git status")).Action);

    [Theory]
    [InlineData("find", ".", "-delete")]
    [InlineData("find", ".", "-exec", "rm", "{}", ";")]
    [InlineData("rg", "--pre", "sh", "x")]
    [InlineData("git", "diff", "--output=out.txt")]
    [InlineData("git", "diff", "--ext-diff")]
    [InlineData("git", "-c", "core.pager=sh", "log")]
    [InlineData("git", "push")]
    [InlineData("git", "commit", "-m", "x")]
    [InlineData("rm", "-rf", "build")]
    [InlineData("sh", "-c", "cat a")]
    [InlineData("/bin/cat", "a")]
    [InlineData("python3", "script.py")]
    public void A_command_that_writes_or_runs_programs_asks(params string[] argv) =>
        Assert.Equal(ApprovalAction.Ask, Decide(Exec(argv)).Action);

    [Fact]
    public void A_read_only_command_with_environment_overrides_asks()
    {
        PolicyCall call = Call("exec", """{"command":["git","status"],"env":{"GIT_EXTERNAL_DIFF":"/tmp/x"}}""");
        Assert.Equal(ApprovalAction.Ask, Decide(call).Action);
    }

    [Fact]
    public void A_working_directory_outside_the_workspace_asks()
    {
        PolicyCall call = Call("exec", """{"command":["ls"],"cwd":"../other"}""");
        Assert.Equal(ApprovalAction.Ask, Decide(call).Action);
    }

    [Fact]
    public void A_relative_path_resolves_against_the_working_directory()
    {
        Assert.Equal(ApprovalAction.Allow, Decide(Call("exec", """{"command":["cat","../a.txt"],"cwd":"src"}""")).Action);
        Assert.Equal(ApprovalAction.Ask, Decide(Call("exec", """{"command":["cat","../../a.txt"],"cwd":"src"}""")).Action);
    }

    [Fact]
    public void An_unknown_tool_asks() =>
        Assert.Equal(ApprovalAction.Ask, Decide(Call("deployToProduction", "{}")).Action);

    [Fact]
    public void A_host_resolved_tool_is_allowed_because_the_host_answers_it()
    {
        ToolDescriptor askUser = Custom("askUser") with { Kind = ToolKind.External };
        Assert.Equal(ApprovalAction.Allow, Decide(Call(askUser, """{"question":"?"}""")).Action);
        Assert.Equal(ApprovalAction.Allow, Decide(Call(new ExternalTool(Custom("pick")).Descriptor, "{}")).Action);
    }
}
