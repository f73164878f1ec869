using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ScriptHarness.Activities.Options;

/// <summary>
/// Refuses bad <c>activities</c> settings at start, naming each key (e.g. <c>sandbox: none</c>
/// without <c>acknowledgeUnsandboxedExec</c>), and warns once, when the settings are accepted,
/// that commands run without an OS sandbox.
/// </summary>
internal sealed class ActivitiesOptionsValidator(ILogger<ActivitiesOptionsValidator>? logger = null) : IValidateOptions<ActivitiesOptions>
{
    private readonly ILogger logger = logger ?? (ILogger)NullLogger.Instance;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ActivitiesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> problems = [.. options.Exec.Validate()];
        if (options.GrepTimeoutMs <= 0)
        {
            problems.Add("activities.grepTimeoutMs must be positive.");
        }

        if (problems.Count > 0)
        {
            return ValidateOptionsResult.Fail(problems);
        }

        if (options.Exec.Unsandboxed)
        {
            this.logger.ExecUnsandboxed();
        }

        return ValidateOptionsResult.Success;
    }
}
