using System.Globalization;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>
/// How often and how patiently a tool call is tried again after a transient failure: at most
/// <see cref="Attempts"/> attempts, the first retry <see cref="FirstDelayMs"/> after the failure,
/// each later delay <see cref="BackoffCoefficient"/> times the one before, capped at
/// <see cref="MaxDelayMs"/>. Only a failure whose error code or detail is listed in
/// <see cref="Transient"/> (or an attempt that ran past <see cref="AttemptTimeoutMs"/>) is retried;
/// anything else reaches the script at once. Plain data: a run pins the policies in force when it
/// starts, so a replay decides with the same numbers whatever host.json says later.
/// </summary>
public sealed record ToolRetryPolicy
{
    /// <summary>The detail of the failure of an attempt that ran past <see cref="AttemptTimeoutMs"/>; always transient.</summary>
    public const string AttemptTimeout = "attempt-timeout";

    /// <summary>The most attempts a policy may allow.</summary>
    public const int MaxAttemptsCeiling = 20;

    /// <summary>The most attempts, the first included (1 = no retry; 2 to <see cref="MaxAttemptsCeiling"/>). Default 3.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>The delay before the first retry, in milliseconds (0 to 1 hour). Default 1,000.</summary>
    public int FirstDelayMs { get; init; } = 1_000;

    /// <summary>How much each delay grows over the one before (1 to 10). Default 2.</summary>
    public double BackoffCoefficient { get; init; } = 2;

    /// <summary>The longest delay between two attempts, in milliseconds (at least <see cref="FirstDelayMs"/>, at most 1 hour). Default 60,000.</summary>
    public int MaxDelayMs { get; init; } = 60_000;

    /// <summary>
    /// The failures worth another attempt: error codes (<c>tool-failed</c>) or detail codes
    /// (<c>io-error</c>, a host tool's own <c>rate-limited</c>). Empty: only attempt timeouts.
    /// </summary>
    public IReadOnlyList<string> Transient { get; init; } = [];

    /// <summary>
    /// How long one attempt may run before the worker gives up on it (its result, should it come
    /// later, is dropped) and the call is tried again; null for no limit of its own.
    /// </summary>
    public int? AttemptTimeoutMs { get; init; }

    /// <summary>Whether <paramref name="error"/> is worth another attempt under this policy.</summary>
    public bool IsTransient(ScriptError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code == ScriptErrorCode.Cancelled)
        {
            return false;
        }

        string code = error.Code.ToCode();
        return string.Equals(error.Detail, AttemptTimeout, StringComparison.Ordinal)
            || this.Transient.Any(t => string.Equals(t, code, StringComparison.Ordinal) || string.Equals(t, error.Detail, StringComparison.Ordinal));
    }

    /// <summary>The delay before retry <paramref name="retry"/> (1 for the one after the first attempt).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        double delay = this.FirstDelayMs * Math.Pow(this.BackoffCoefficient, Math.Max(0, retry - 1));
        return TimeSpan.FromMilliseconds(Math.Min(delay, this.MaxDelayMs));
    }

    /// <summary>What is wrong with the policy, one message per problem, each starting with <paramref name="key"/>; empty when valid.</summary>
    public IReadOnlyList<string> Problems(string key)
    {
        List<string> problems = [];
        if (this.Attempts is < 1 or > MaxAttemptsCeiling)
        {
            problems.Add(Format($"{key}:attempts is {this.Attempts}; allowed: 1 to {MaxAttemptsCeiling}."));
        }

        if (this.FirstDelayMs is < 0 or > 3_600_000)
        {
            problems.Add(Format($"{key}:firstDelayMs is {this.FirstDelayMs}; allowed: 0 to 3600000 (one hour)."));
        }

        if (this.MaxDelayMs < this.FirstDelayMs || this.MaxDelayMs > 3_600_000)
        {
            problems.Add(Format($"{key}:maxDelayMs is {this.MaxDelayMs}; allowed: firstDelayMs ({this.FirstDelayMs}) to 3600000 (one hour)."));
        }

        if (double.IsNaN(this.BackoffCoefficient) || this.BackoffCoefficient is < 1 or > 10)
        {
            problems.Add(Format($"{key}:backoffCoefficient is {this.BackoffCoefficient}; allowed: 1 to 10."));
        }

        if (this.AttemptTimeoutMs is { } timeout && timeout is < 1 or > 86_400_000)
        {
            problems.Add(Format($"{key}:attemptTimeoutMs is {timeout}; allowed: 1 to 86400000 (one day)."));
        }

        if (this.Transient.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{key}:transient holds an empty code; list error codes (tool-failed) or detail codes (io-error).");
        }

        return problems;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
