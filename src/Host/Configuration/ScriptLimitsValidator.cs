using Microsoft.Extensions.Options;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Host.Configuration;

/// <summary>Refuses bad <c>scriptRuntime:limits</c> at start with the runtime's own rules, naming the key.</summary>
internal sealed class ScriptLimitsValidator : IValidateOptions<ScriptLimits>
{
    public ValidateOptionsResult Validate(string? name, ScriptLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
