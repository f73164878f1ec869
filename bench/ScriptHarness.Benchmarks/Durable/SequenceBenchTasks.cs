using Microsoft.DurableTask;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// The workload the in-memory and SQLite benches share: an orchestrator that calls a no-op
/// activity <c>count</c> times, one after the other.
/// </summary>
internal static class SequenceBenchTasks
{
    public const string Orchestrator = "bench-sequence";
    public const string Activity = "bench-noop";

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddActivityFunc<int, int>(Activity, (_, i) => i + 1);
        registry.AddOrchestratorFunc<int, int>(Orchestrator, async (ctx, count) =>
        {
            int value = 0;
            for (int i = 0; i < count; i++)
            {
                value = await ctx.CallActivityAsync<int>(Activity, value);
            }

            return value;
        });
    }
}
