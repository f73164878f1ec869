using System.Runtime.CompilerServices;
using Microsoft.DurableTask;

namespace ScriptHarness.Tests.Durable.TestWorker;

/// <summary>How <see cref="CrashingOrchestrator"/> kills its worker.</summary>
public enum CrashKind
{
    /// <summary><see cref="Environment.FailFast(string)"/>: the runtime aborts the process (SIGABRT, exit 134).</summary>
    FailFast,

    /// <summary>Unbounded recursion: the runtime's "Stack overflow." abort (exit 134), as a script's deep data once caused.</summary>
    StackOverflow,
}

/// <summary>Input of <see cref="CrashingOrchestrator"/>.</summary>
/// <param name="StepsBeforeCrash">How many <see cref="EffectActivity"/> steps complete before the episode that crashes.</param>
/// <param name="Kind">How the episode kills the worker.</param>
public sealed record CrashInput(int StepsBeforeCrash, CrashKind Kind = CrashKind.FailFast);

/// <summary>
/// A poison run: after its steps, every episode of it (the first run and each replay) kills the
/// worker process. What a script that overflows the stack did to the HTTP server (issue 16); the
/// store must quarantine it after <c>durable:poisonEpisodeLimit</c> deaths.
/// </summary>
public sealed class CrashingOrchestrator : TaskOrchestrator<CrashInput, int>
{
    /// <summary>Written on stderr by the dying process, followed by the instance id.</summary>
    public const string Marker = "poison-episode";

    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskOrchestrationContext context, CrashInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        for (int step = 0; step < input.StepsBeforeCrash; step++)
        {
            await context.CallActivityAsync<string>(nameof(EffectActivity), EffectActivity.KeyOf(context.InstanceId, step));
        }

        if (input.Kind == CrashKind.StackOverflow)
        {
            Console.Error.WriteLine($"{Marker} {context.InstanceId}");
            return Recurse(0);
        }

        Environment.FailFast($"{Marker} {context.InstanceId}");
        return input.StepsBeforeCrash;
    }

    /// <summary>Never returns: each call adds a frame (not a tail call: the result is used).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Recurse(int depth) => Recurse(depth + 1) + 1;
}
