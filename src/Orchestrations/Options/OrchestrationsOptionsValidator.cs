using Microsoft.Extensions.Options;

namespace ScriptHarness.Orchestrations.Options;

/// <summary>Refuses bad <c>orchestrations</c> settings at start, naming the key.</summary>
public sealed class OrchestrationsOptionsValidator : IValidateOptions<OrchestrationsOptions>
{
    // Every running call polls its run's status: faster than this would load the store for little gain.
    private static readonly TimeSpan MinCancellationPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxCancellationPollInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxCancellationGrace = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OrchestrationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string at = OrchestrationsOptions.SectionName;
        List<string> problems = [];
        if (!Enum.IsDefined(options.Mode))
        {
            problems.Add($"{at}:mode is not one of disabled, dry-run, enabled.");
        }

        if (options.Approvals is null)
        {
            problems.Add($"{at}:approvals is missing.");
        }
        else
        {
            if (options.Approvals.Expiry <= TimeSpan.Zero || options.Approvals.Expiry > TimeSpan.FromDays(365))
            {
                problems.Add($"{at}:approvals:expiry must be more than zero and at most 365 days.");
            }

            problems.AddRange(options.Approvals.ToPolicy().Validate($"{at}:approvals"));
        }

        if (options.Progress is null)
        {
            problems.Add($"{at}:progress is missing.");
        }
        else
        {
            if (options.Progress.MinInterval < TimeSpan.Zero)
            {
                problems.Add($"{at}:progress:minInterval must not be negative.");
            }

            if (options.Progress.MaxMessages < 0)
            {
                problems.Add($"{at}:progress:maxMessages must not be negative.");
            }

            if (options.Progress.MaxMessageLength < 1)
            {
                problems.Add($"{at}:progress:maxMessageLength must be at least 1.");
            }
        }

        foreach ((string tool, ScriptHarness.ScriptRuntime.Tools.ToolRetryPolicy? retry) in options.ToolRetries)
        {
            problems.AddRange(retry is null ? [$"{at}:toolRetries:{tool} is empty."] : retry.Problems($"{at}:toolRetries:{tool}"));
        }

        if (options.MaxBlocksPerTurn is < 1 or > OrchestrationsOptions.MaxBlocksPerTurnCeiling)
        {
            problems.Add($"{at}:maxBlocksPerTurn must be from 1 to {OrchestrationsOptions.MaxBlocksPerTurnCeiling}.");
        }

        if (options.PrewarmedSandboxes is < 0 or > 16)
        {
            problems.Add($"{at}:prewarmedSandboxes must be from 0 to 16.");
        }

        if (options.MaxToolCallsWithoutCaching is < 1 or > OrchestrationsOptions.MaxToolCallsWithoutCachingCeiling)
        {
            problems.Add($"{at}:maxToolCallsWithoutCaching must be from 1 to {OrchestrationsOptions.MaxToolCallsWithoutCachingCeiling}.");
        }

        if (options.CancellationPollInterval != TimeSpan.Zero &&
            (options.CancellationPollInterval < MinCancellationPollInterval || options.CancellationPollInterval > MaxCancellationPollInterval))
        {
            problems.Add($"{at}:cancellationPollInterval must be zero (off) or from 00:00:00.100 to 00:10:00.");
        }

        if (options.CancellationGrace < TimeSpan.Zero || options.CancellationGrace > MaxCancellationGrace)
        {
            problems.Add($"{at}:cancellationGrace must be from zero to 01:00:00.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
