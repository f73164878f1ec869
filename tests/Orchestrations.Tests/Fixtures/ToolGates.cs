using System.Collections.Concurrent;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>Lets a test hold a fake tool call open until it releases it by name.</summary>
public sealed class ToolGates
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> entered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> cancelled = new(StringComparer.Ordinal);

    private int inside;
    private int maxInside;

    /// <summary>The most <c>wait</c> calls that were inside their gate at once.</summary>
    public int MaxInside => Volatile.Read(ref this.maxInside);

    public async Task WaitAsync(string name, CancellationToken cancellationToken)
    {
        int now = Interlocked.Increment(ref this.inside);
        int seen;
        while (now > (seen = Volatile.Read(ref this.maxInside)) && Interlocked.CompareExchange(ref this.maxInside, now, seen) != seen)
        {
        }

        try
        {
            this.Entered(name).TrySetResult();
            await this.Gate(name).Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            this.Cancelled(name).TrySetResult();
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref this.inside);
        }
    }

    public void ResetMax() => Volatile.Write(ref this.maxInside, Volatile.Read(ref this.inside));

    public void Release(string name) => this.Gate(name).TrySetResult();

    public Task WhenEnteredAsync(string name) => this.Entered(name).Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Whether a call waiting at the gate saw its cancellation token fire.</summary>
    public bool WasCancelled(string name) => this.Cancelled(name).Task.IsCompleted;

    private TaskCompletionSource Gate(string name) => this.gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Cancelled(string name) => this.cancelled.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Entered(string name) => this.entered.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
