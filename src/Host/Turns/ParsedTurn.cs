using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.Host.Turns;

/// <summary>A model output read, its blocks detected and validated: either scripts to run, or why none runs.</summary>
/// <param name="Format">The provider shape the output was read as; null for plain text or an output that could not be read.</param>
/// <param name="BlockCount">How many <c>&lt;tool-calls&gt;</c> blocks the output holds.</param>
internal sealed record ParsedTurn(IProviderFormat? Format, int BlockCount)
{
    /// <summary>The scripts, in block order, when every block is valid.</summary>
    public IReadOnlyList<string> Scripts { get; init; } = [];

    /// <summary>Why nothing runs: the first bad block's (or the output's) typed error.</summary>
    public ScriptError? Error { get; init; }

    /// <summary>The index of the block <see cref="Error"/> belongs to, when it belongs to one.</summary>
    public int? ErrorBlock { get; init; }

    /// <summary>The wire name of <see cref="Format"/>: <c>text</c> for plain text.</summary>
    public string FormatName => this.Format?.Name ?? ProviderFormats.PlainTextName;

    /// <summary>Whether the output holds no script (the turn is text only).</summary>
    public bool NoScript => this.Error is null && this.BlockCount == 0;
}
