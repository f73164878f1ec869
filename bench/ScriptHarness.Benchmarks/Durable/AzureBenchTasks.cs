using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// Lets the bench see, in-process, the moment an orchestration's code runs live (not in
/// replay). Benchmark-only: production orchestrators never touch static state.
/// </summary>
internal static class AzureBenchProbe
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Signals = new(StringComparer.Ordinal);

    public static Task When(string key) => Signals.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static void Signal(string key) => Signals.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>Calls <see cref="AzureBenchNoOp"/> <c>input</c> times, one after the other; signals the probe when done.</summary>
internal sealed class AzureBenchSequence : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        for (int i = 0; i < input; i++)
        {
            await context.CallActivityAsync<int>(nameof(AzureBenchNoOp), i);
        }

        if (!context.IsReplaying)
        {
            AzureBenchProbe.Signal(context.InstanceId + "/done");
        }

        return input;
    }
}

/// <summary>Waits for <c>ping</c> <c>input</c> times; signals the probe before each wait and as soon as each event arrives.</summary>
internal sealed class AzureBenchPingPong : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        for (int i = 0; i < input; i++)
        {
            if (!context.IsReplaying)
            {
                AzureBenchProbe.Signal($"{context.InstanceId}/waiting/{i}");
            }

            await context.WaitForExternalEvent<int>("ping");
            if (!context.IsReplaying)
            {
                AzureBenchProbe.Signal($"{context.InstanceId}/got/{i}");
            }
        }

        return input;
    }
}

/// <summary>Does nothing: the cost measured is the framework's and the store's.</summary>
internal sealed class AzureBenchNoOp : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
}
