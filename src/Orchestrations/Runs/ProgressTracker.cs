using ScriptHarness.Orchestrations.Options;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// Applies <see cref="ProgressOptions"/> to the script's <c>context.emitProgress</c> messages and
/// keeps the last accepted one for the run's custom status. Rates are measured in orchestration
/// time, so a replay accepts exactly the messages the first execution accepted.
/// </summary>
internal sealed class ProgressTracker(ProgressOptions options, Func<DateTime> now)
{
    private DateTime? lastAcceptedAt;

    /// <summary>How many messages were accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>The last accepted message, cut to the configured length.</summary>
    public string? Last { get; private set; }

    /// <summary>Offers one message; messages over the rate or the count are dropped silently.</summary>
    public void Offer(string message)
    {
        DateTime at = now();
        if (this.Accepted >= options.MaxMessages ||
            (this.lastAcceptedAt is { } previous && at - previous < options.MinInterval))
        {
            return;
        }

        this.lastAcceptedAt = at;
        this.Accepted++;
        this.Last = message.Length <= options.MaxMessageLength
            ? message
            : string.Concat(message.AsSpan(0, options.MaxMessageLength), "…");
    }
}
