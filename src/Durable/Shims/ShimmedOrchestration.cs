using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using ScriptHarness.Durable.Middleware;

namespace ScriptHarness.Durable.Shims;

/// <summary>
/// What the orchestration object manager hands DTFx: the SDK shim is created on first use so
/// that <see cref="ParentInstanceMiddleware"/>, which runs after <c>GetObject</c>, can supply the
/// parent instance that only the runtime state knows.
/// </summary>
internal sealed class ShimmedOrchestration : TaskOrchestration
{
    private readonly TaskName name;
    private readonly ITaskOrchestrator orchestrator;
    private readonly DurableTaskShimFactory shims;
    private TaskOrchestration? shim;

    public ShimmedOrchestration(TaskName name, ITaskOrchestrator orchestrator, DurableTaskShimFactory shims)
    {
        this.name = name;
        this.orchestrator = orchestrator;
        this.shims = shims;
    }

    /// <summary>The parent of a sub-orchestration; set before the first execution.</summary>
    public ParentOrchestrationInstance? Parent { get; set; }

    private TaskOrchestration Shim => this.shim ??= this.shims.CreateOrchestration(this.name, this.orchestrator, this.Parent);

    public override Task<string> Execute(OrchestrationContext context, string input) => this.Shim.Execute(context, input);

    public override string GetStatus() => this.shim?.GetStatus()!;

    public override void RaiseEvent(OrchestrationContext context, string name, string input) => this.Shim.RaiseEvent(context, name, input);
}
