using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>Reports for blocks that never ran, and the alignment of reports with a message's blocks.</summary>
public static class ScriptReports
{
    /// <summary>A block that did not run.</summary>
    public static ScriptRunReport NotRun() => new(ScriptRunStatus.NotRun);

    /// <summary>A block refused before running (parse, syntax or TypeScript error).</summary>
    public static ScriptRunReport Refused(ScriptError error) =>
        new(ScriptRunStatus.Failed) { Error = error ?? throw new ArgumentNullException(nameof(error)) };

    /// <summary>
    /// One report per block of <paramref name="message"/>: the given reports in block order, then for
    /// each block without one, its parse error if it has one, else <see cref="ScriptRunStatus.NotRun"/>.
    /// </summary>
    public static IReadOnlyList<ScriptRunReport> Align(DetectedMessage message, IReadOnlyList<ScriptRunReport> reports)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count > message.Blocks.Count)
        {
            throw new ArgumentException($"{reports.Count} reports for {message.Blocks.Count} script blocks.", nameof(reports));
        }

        var aligned = new List<ScriptRunReport>(message.Blocks.Count);
        foreach (ScriptBlock block in message.Blocks)
        {
            bool earlierFailed = aligned.Any(r => r.Status is not ScriptRunStatus.Completed);
            aligned.Add(block.Index < reports.Count ? reports[block.Index]
                : block.Error is not null && !earlierFailed ? Refused(block.Error)
                : NotRun());
        }

        return aligned;
    }
}
