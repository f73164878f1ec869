using System.Collections.Concurrent;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>Lets a test hold a fake tool call open until it releases it by name.</summary>
public sealed class ToolGates
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> entered = new(StringComparer.Ordinal);

    public Task WaitAsync(string name, CancellationToken cancellationToken)
    {
        this.Entered(name).TrySetResult();
        return this.Gate(name).Task.WaitAsync(cancellationToken);
    }

    public void Release(string name) => this.Gate(name).TrySetResult();

    public Task WhenEnteredAsync(string name) => this.Entered(name).Task.WaitAsync(TimeSpan.FromSeconds(60));

    private TaskCompletionSource Gate(string name) => this.gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Entered(string name) => this.entered.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
