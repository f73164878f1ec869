using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace ScriptHarness.Tests.Durable.TestWorker;

/// <summary>
/// The side effect under test: records <c>start KEY</c>, then <c>done KEY</c>, in the effect log.
/// A completed activity is one whose <c>done</c> line exists; counting lines per key tells
/// how often it ran. The key named by <see cref="TestWorkerOptions.HoldKey"/> never finishes
/// in this process (the test kills it while it runs).
/// </summary>
public sealed class EffectActivity(EffectLog log, IOptions<TestWorkerOptions> options) : TaskActivity<string, string>
{
    /// <summary>The idempotency key of a step.</summary>
    public static string KeyOf(string instanceId, int step) => $"{instanceId}/{step}";

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        log.Append("start", input);
        if (string.Equals(input, options.Value.HoldKey, StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite);
        }

        log.Append("done", input);
        return input;
    }
}
