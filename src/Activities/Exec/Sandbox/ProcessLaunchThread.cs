using System.Collections.Concurrent;
using System.Diagnostics;

namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>
/// Starts processes from one dedicated thread that lives as long as the worker.
/// </summary>
/// <remarks>
/// bwrap's <c>--die-with-parent</c> is <c>PR_SET_PDEATHSIG</c>, and Linux sends that signal when
/// the parent <em>thread</em> that forked the process exits, not the parent process. A thread
/// pool thread retires after some idle time, which would kill a long command started from it.
/// Forking from a thread that never exits ties the sandbox to the worker process instead.
/// </remarks>
internal static class ProcessLaunchThread
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = [];
    private static readonly Lazy<Thread> Thread = new(StartThread, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts <paramref name="process"/> on the launch thread; faults as <see cref="Process.Start()"/> would.</summary>
    public static Task StartAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _ = Thread.Value;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((process, started));
        return started.Task;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "exec launcher" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        foreach ((Process process, TaskCompletionSource started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
#pragma warning disable CA1031 // Every failure belongs to the caller that asked for this start; the thread must survive it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                started.SetException(e);
            }
        }
    }
}
