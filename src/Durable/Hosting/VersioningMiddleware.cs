using DurableTask.Core;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask.Abstractions;
using Microsoft.DurableTask.Worker;
using ScriptHarness.Durable.Configuration;

namespace ScriptHarness.Durable.Hosting;

/// <summary>
/// The SDK's orchestration versioning, which only its gRPC worker enforces, rebuilt as an
/// orchestration dispatcher middleware: the instance's version is compared with the worker's by
/// the SDK's own comparison; on a mismatch the <c>Fail</c> strategy completes the instance as
/// failed with a <c>VersionMismatch</c> failure, and <c>Reject</c> abandons the work item so that
/// a worker of a matching version can take it.
/// </summary>
internal sealed class VersioningMiddleware
{
    /// <summary>The failure type a <c>Fail</c> strategy records, as the SDK's worker does.</summary>
    public const string VersionMismatchErrorType = "VersionMismatch";

    private readonly DurableVersioningOptions options;

    public VersioningMiddleware(DurableVersioningOptions options) => this.options = options;

    public Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        OrchestrationRuntimeState? state = context.GetProperty<OrchestrationRuntimeState>();
        string? mismatch = state is null ? null : this.Check(state.Version ?? string.Empty);
        if (mismatch is null)
        {
            return next();
        }

        if (this.options.FailureStrategy == DurableTaskWorkerOptions.VersionFailureStrategy.Fail)
        {
            context.SetProperty(OrchestrationFailure.Result(state!, VersionMismatchErrorType, mismatch));
            return Task.CompletedTask;
        }

        // Reject: the dispatcher abandons a work item whose processing throws; the backend
        // offers it again later, to this worker or one that runs the version.
        throw new OrchestrationVersionRejectedException(mismatch);
    }

    /// <summary>Returns why <paramref name="orchestrationVersion"/> does not match, or null when it does.</summary>
    internal string? Check(string orchestrationVersion)
    {
        int comparison = TaskOrchestrationVersioningUtils.CompareVersions(orchestrationVersion, this.options.Version);
        return this.options.MatchStrategy switch
        {
            DurableTaskWorkerOptions.VersionMatchStrategy.None => null,
            DurableTaskWorkerOptions.VersionMatchStrategy.Strict when comparison != 0 =>
                $"The orchestration version '{orchestrationVersion}' does not match the worker version '{this.options.Version}'.",
            DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder when comparison > 0 =>
                $"The orchestration version '{orchestrationVersion}' is greater than the worker version '{this.options.Version}'.",
            DurableTaskWorkerOptions.VersionMatchStrategy.Strict or DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder => null,
            _ => $"The version match strategy '{this.options.MatchStrategy}' is unknown.",
        };
    }
}
