using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Orchestrations.Status;
using Spectre.Console;

namespace ScriptHarness.Host.Cli.Approval;

/// <summary>
/// What a call asks to do, shown the way a reviewer reads it: an <c>applyPatch</c> as a coloured
/// diff against the workspace's files, an <c>exec</c> as its command line with its working
/// directory and what the sandbox lets it do, any other tool's arguments as indented JSON.
/// </summary>
/// <remarks>
/// Everything shown comes from the model's script, so it is written as <see cref="Text"/> (never
/// parsed as Spectre markup: a <c>[red]</c> in a file name prints as written) and through
/// <see cref="TerminalText"/> (control characters shown escaped, never sent to the terminal).
/// </remarks>
internal static class ApprovalView
{
    /// <summary>The style of labels (ours, not the model's).</summary>
    public static readonly Style Label = new(decoration: Decoration.Bold);

    /// <summary>Arguments shown as JSON: quotes and <c>+</c> read better unescaped (control characters are escaped after).</summary>
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the call <paramref name="call"/> of <paramref name="runId"/> and why it asks.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="runId">The run.</param>
    /// <param name="call">The call that waits.</param>
    /// <param name="workspace">The run's workspace when known (a patch is compared with its files, a relative cwd resolved in it).</param>
    /// <param name="exec">The exec settings of this process (what the sandbox allows).</param>
    public static void Write(IAnsiConsole console, string runId, PendingCall call, string? workspace, ExecOptions exec)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(call);
        string line = call.Line is { } l ? string.Create(CultureInfo.InvariantCulture, $" (line {l})") : string.Empty;
        WriteLine(console, ("? run ", Label), (runId, Style.Plain), (string.Create(CultureInfo.InvariantCulture, $" call #{call.CallId} "), Label), (call.Tool, new Style(Color.Yellow, decoration: Decoration.Bold)), (line, Style.Plain));
        WriteLine(console, ("  needs approval: ", Label), (call.Reason, Style.Plain));

        JsonNode? args = ParseArgs(call);
        JsonNode? patchArgument = args is JsonObject withPatch ? withPatch["patch"] : null;
        switch (call.Tool)
        {
            case "applyPatch" when patchArgument is JsonValue patch && patch.TryGetValue(out string? text):
                PatchView.Write(console, text, workspace);
                break;
            case "exec" when args is JsonObject execArgs:
                ExecView.Write(console, execArgs, workspace, exec);
                break;
            default:
                string json = args is null ? call.Args : args.ToJsonString(Indented);
                foreach (string jsonLine in json.Split('\n'))
                {
                    WriteLine(console, ("    ", Style.Plain), (jsonLine.TrimEnd('\r'), Style.Plain));
                }

                break;
        }

        if (call.ArgsTruncated)
        {
            WriteLine(console, ("    … the arguments were cut at 2 KiB; scriptharness history shows them whole", new Style(Color.Grey)));
        }
    }

    /// <summary>One line of segments, each escaped (<see cref="TerminalText.Line"/>) and written as plain text, never markup.</summary>
    public static void WriteLine(IAnsiConsole console, params (string? Text, Style Style)[] parts)
    {
        ArgumentNullException.ThrowIfNull(console);
        Paragraph paragraph = new();
        foreach ((string? text, Style style) in parts)
        {
            if (!string.IsNullOrEmpty(text))
            {
                paragraph.Append(TerminalText.Line(text), style);
            }
        }

        paragraph.Overflow = Overflow.Fold;
        console.Write(paragraph);
        console.WriteLine();
    }

    private static JsonNode? ParseArgs(PendingCall call)
    {
        if (call.ArgsTruncated)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(call.Args);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
