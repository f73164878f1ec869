using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary><c>run FILE --follow-up OUT</c> as a child process: the same follow-up the HTTP API gives, written to a file.</summary>
public sealed class CliFollowUpTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    public static TheoryData<string, string> Formats => new()
    {
        { "openai-responses.json", "openai-responses" },
        { "openai-chat.json", "openai-chat" },
        { "anthropic-messages.json", "anthropic" },
        { "gemini-generate-content.json", "gemini" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Run_writes_the_follow_up_in_the_outputs_provider_shape(string file, string provider)
    {
        string followUp = Path.Combine(this.home.Root, $"follow-up-{provider}.json");

        HostProcess run = await this.RunAsync(Path.Combine(RepoPaths.Examples, file), "--follow-up", followUp);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        JsonNode turn = JsonNode.Parse(File.ReadAllText(followUp))!;
        Assert.Equal("completed", (string?)turn["state"]);
        Assert.Equal(provider, (string?)turn["provider"]);
        (string? text, string? script, string? output) = FollowUpShape.Read(provider, turn["items"]!.AsArray());
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Contains("tools.", script, StringComparison.Ordinal);
        Assert.StartsWith("status: completed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task I4_Run_hands_the_structured_calls_back_in_the_follow_up_file()
    {
        string followUp = Path.Combine(this.home.Root, "follow-up-i4.json");

        HostProcess run = await this.RunAsync(Path.Combine(RepoPaths.Examples, "structured-and-script", "anthropic.json"), "--follow-up", followUp);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstderr:\n{run.Stderr}");
        JsonNode turn = JsonNode.Parse(File.ReadAllText(followUp))!;
        Assert.Equal(["lookup_style_guide", "file_issue"], turn["toolCalls"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Equal(["lookup_style_guide", "script", "file_issue"], FollowUpShape.CallNames("anthropic", turn["items"]!.AsArray()));
    }

    [Fact]
    public async Task A_plain_text_output_is_written_in_the_shape_provider_names()
    {
        string followUp = Path.Combine(this.home.Root, "follow-up-text.json");

        HostProcess run = await this.RunAsync(Path.Combine(RepoPaths.Examples, "explore-repo.md"), "--follow-up", followUp, "--provider", "gemini");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstderr:\n{run.Stderr}");
        JsonNode turn = JsonNode.Parse(File.ReadAllText(followUp))!;
        Assert.Equal("gemini", (string?)turn["provider"]);
        Assert.Equal("model", (string?)turn["items"]![0]!["role"]);
    }

    [Fact]
    public async Task A_plain_text_output_without_a_provider_or_an_unknown_provider_is_refused_before_anything_runs()
    {
        string followUp = Path.Combine(this.home.Root, "never.json");

        HostProcess noShape = await this.RunAsync(Path.Combine(RepoPaths.Examples, "explore-repo.md"), "--follow-up", followUp);
        HostProcess unknown = await this.RunAsync(Path.Combine(RepoPaths.Examples, "openai-chat.json"), "--follow-up", followUp, "--provider", "cohere");

        Assert.Equal(6, noShape.ExitCode);
        Assert.Contains("--provider", noShape.Stdout, StringComparison.Ordinal);
        Assert.Equal(6, unknown.ExitCode);
        Assert.False(File.Exists(followUp));
    }

    private Task<HostProcess> RunAsync(string file, params string[] more) =>
        HostProcess.RunAsync(this.home.Root, null, ["run", file, "--workspace", this.home.NewWorkspace(), "--approve", "none", "--json", "--store", this.home.Store, .. more]);
}
