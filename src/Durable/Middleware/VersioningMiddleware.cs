using DurableTask.Core;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask.Abstractions;
using Microsoft.DurableTask.Worker;
using ScriptHarness.Durable.Options;

namespace ScriptHarness.Durable.Middleware;

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
        int comparison = Compare(orchestrationVersion, this.options.Version);
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

    /// <summary>
    /// The SDK's comparison, except that two plain whole numbers (replay contract versions) compare
    /// as numbers: the SDK compares a version without a dot as text, where "10" sorts before "9".
    /// </summary>
    internal static int Compare(string orchestrationVersion, string workerVersion) =>
        ulong.TryParse(orchestrationVersion, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong run)
        && ulong.TryParse(workerVersion, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong worker)
            ? run.CompareTo(worker)
            : TaskOrchestrationVersioningUtils.CompareVersions(orchestrationVersion, workerVersion);
}
