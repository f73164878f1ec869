namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>
/// What one call of a tool will touch, computed by the tool's own argument parser from the
/// call's arguments (see <see cref="ToolDescriptor.Facts"/>). The approval policy judges calls
/// from these facts and the tool's <see cref="ToolEffect"/> only, never by the tool's name.
/// </summary>
/// <param name="Paths">
/// The files or directories the call reads or writes, as written in the arguments (relative to
/// the workspace, or absolute). For a command: its working directory (the policy reads the
/// command's operands itself, from <paramref name="Command"/>).
/// </param>
/// <param name="Command">For a tool that runs a program: the command; otherwise null.</param>
/// <param name="Refusal">
/// Non-null when the tool's own parser refuses these arguments, so the tool will fail with a
/// typed error before it touches anything; the reason is that error's message.
/// </param>
public sealed record ToolCallFacts(IReadOnlyList<string> Paths, CommandFacts? Command = null, string? Refusal = null)
{
    /// <summary>A call that touches no path.</summary>
    public static ToolCallFacts None { get; } = new([]);

    /// <summary>A call that touches exactly <paramref name="paths"/>.</summary>
    public static ToolCallFacts OfPaths(params string[] paths) => new(paths);

    /// <summary>A call the tool refuses before touching anything, for <paramref name="reason"/>.</summary>
    public static ToolCallFacts Refused(string reason) => new([], null, reason);
}
