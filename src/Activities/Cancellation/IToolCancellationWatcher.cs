using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Cancellation;

/// <summary>
/// Watches a running tool call for a cancellation requested from outside this worker process.
/// <see cref="ToolCancellation"/> reaches only the calls of the process that receives the cancel;
/// with several workers the cancel may land on another one, so <see cref="ToolActivity"/> also
/// asks a watcher (registered in the worker's services, optional) and links what it reports with
/// the in-process token. A watcher must never fail the call: a failed check is retried or dropped.
/// </summary>
public interface IToolCancellationWatcher
{
    /// <summary>
    /// Starts watching the call <paramref name="invocation"/> of orchestration instance
    /// <paramref name="instanceId"/>. <paramref name="cancel"/> is invoked at most once, when a
    /// cancellation of the call is seen. Disposing the result stops watching: once the dispose
    /// has completed <paramref name="cancel"/> is not invoked and nothing is checked for the call.
    /// </summary>
    IAsyncDisposable Watch(string instanceId, ToolInvocation invocation, Action cancel);
}
