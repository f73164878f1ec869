using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace ScriptHarness.Durable.Shims;

/// <summary>
/// An activity work item: a dependency-injection scope is opened for it, the SDK activity is
/// created in that scope, run through a new shim, and the scope is disposed when it returns.
/// </summary>
internal sealed class ScopedActivity : TaskActivity
{
    private readonly TaskName name;
    private readonly Func<IServiceProvider, ITaskActivity> factory;
    private readonly IServiceScopeFactory scopes;
    private readonly DurableTaskShimFactory shims;

    public ScopedActivity(TaskName name, Func<IServiceProvider, ITaskActivity> factory, IServiceScopeFactory scopes, DurableTaskShimFactory shims)
    {
        this.name = name;
        this.factory = factory;
        this.scopes = scopes;
        this.shims = shims;
    }

    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("Activities run asynchronously (RunAsync).");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        AsyncServiceScope scope = this.scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            ITaskActivity activity = this.factory(scope.ServiceProvider);
            TaskActivity shim = this.shims.CreateActivity(this.name, activity);
            return await shim.RunAsync(context, input).ConfigureAwait(false);
        }
    }
}
