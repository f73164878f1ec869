using System.Text.Json;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Host.Tools;

/// <summary>
/// A host.json tool backed by a program. Each call runs the program through the <c>exec</c> tool,
/// so it gets exec's sandbox (bubblewrap: the workspace the only writable place, a fresh
/// environment, no network unless the policy grants it), timeout, output cap and cancellation: the
/// call's arguments are written to its standard input as JSON, and what it writes to standard
/// output, parsed as JSON, is the call's result. A non-zero exit, a timeout, or output that is not
/// JSON fails the call with <c>tool-failed</c>.
/// </summary>
internal sealed class CommandTool : ITool
{
    /// <summary>The error detail of a program that exited non-zero.</summary>
    public const string CommandFailed = "command-failed";

    /// <summary>The error detail of a program that ran out of time.</summary>
    public const string CommandTimedOut = "command-timed-out";

    /// <summary>The error detail of a program whose standard output is not one JSON value.</summary>
    public const string CommandOutputInvalid = "command-output-invalid";

    private const int MaxStderrInMessage = 1024;
    private readonly ExecTool exec;
    private readonly IReadOnlyList<string> command;
    private readonly int timeoutMs;

    /// <summary>Creates the tool; <paramref name="execOptions"/> must already mount the program's folder.</summary>
    public CommandTool(ToolDescriptor descriptor, IReadOnlyList<string> command, int timeoutMs, ExecOptions execOptions)
    {
        this.Descriptor = descriptor;
        this.command = command;
        this.timeoutMs = timeoutMs;
        this.exec = new ExecTool(execOptions);
    }

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; }

    /// <inheritdoc />
    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var execArgs = new Dictionary<string, object>
        {
            ["command"] = this.command,
            ["stdin"] = invocation.Args.GetRawText(),
            ["timeoutMs"] = this.timeoutMs,
        };
        ToolInvocation run = invocation with { Args = JsonSerializer.SerializeToElement(execArgs) };
        JsonElement result = await this.exec.InvokeAsync(run, cancellationToken).ConfigureAwait(false);

        string name = this.Descriptor.Name;
        if (result.GetProperty("timedOut").GetBoolean())
        {
            throw ToolException.Failed(CommandTimedOut, $"{name}: the program did not finish within {this.timeoutMs} ms and was stopped.");
        }

        int exitCode = result.GetProperty("exitCode") is { ValueKind: JsonValueKind.Number } code ? code.GetInt32() : -1;
        string stderr = result.GetProperty("stderr").GetString() ?? string.Empty;
        if (exitCode != 0)
        {
            throw ToolException.Failed(CommandFailed, $"{name}: the program exited with code {exitCode}{Tail(stderr)}");
        }

        string stdout = result.GetProperty("stdout").GetString() ?? string.Empty;
        if (result.GetProperty("truncated").GetBoolean())
        {
            throw ToolException.Failed(CommandOutputInvalid, $"{name}: the program wrote more than activities:exec:maxOutputBytes; its result was cut.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(stdout);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw ToolException.Failed(CommandOutputInvalid, $"{name}: the program's standard output is not one JSON value ({ex.Message}){Tail(stderr)}", ex);
        }
    }

    private static string Tail(string stderr)
    {
        string trimmed = stderr.Trim();
        return trimmed.Length == 0 ? "." : $": {(trimmed.Length > MaxStderrInMessage ? trimmed[^MaxStderrInMessage..] : trimmed)}";
    }
}
