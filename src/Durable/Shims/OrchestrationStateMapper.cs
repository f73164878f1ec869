using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ScriptHarness.Durable.Shims;

/// <summary>Maps DTFx instance state onto the SDK's <see cref="OrchestrationMetadata"/>.</summary>
internal static class OrchestrationStateMapper
{
    public static OrchestrationMetadata ToMetadata(OrchestrationState state, DataConverter converter, bool includeInputsAndOutputs, FailureDetails? failure) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            RuntimeStatus = ToRuntimeStatus(state.OrchestrationStatus),
            CreatedAt = AsUtc(state.CreatedTime),
            LastUpdatedAt = AsUtc(state.LastUpdatedTime),
            SerializedInput = includeInputsAndOutputs ? state.Input : null,
            SerializedOutput = includeInputsAndOutputs && state.OrchestrationStatus != OrchestrationStatus.Failed ? state.Output : null,
            SerializedCustomStatus = state.Status,
            FailureDetails = ToFailureDetails(state, failure),
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
            DataConverter = converter,
        };

    public static OrchestrationRuntimeStatus ToRuntimeStatus(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
        OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
        OrchestrationStatus.ContinuedAsNew => OrchestrationRuntimeStatus.Running,
        OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
        OrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Terminated,
        OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
        OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown orchestration status."),
    };

    public static OrchestrationStatus ToCoreStatus(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => OrchestrationStatus.Running,
        OrchestrationRuntimeStatus.Completed => OrchestrationStatus.Completed,
        OrchestrationRuntimeStatus.Failed => OrchestrationStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => OrchestrationStatus.Terminated,
        OrchestrationRuntimeStatus.Pending => OrchestrationStatus.Pending,
        OrchestrationRuntimeStatus.Suspended => OrchestrationStatus.Suspended,
#pragma warning disable CS0618 // Obsolete SDK statuses still map onto DTFx's.
        OrchestrationRuntimeStatus.Canceled => OrchestrationStatus.Canceled,
        OrchestrationRuntimeStatus.ContinuedAsNew => OrchestrationStatus.ContinuedAsNew,
#pragma warning restore CS0618
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown orchestration status."),
    };

    public static TaskFailureDetails? ToFailureDetails(FailureDetails? details) => details is null
        ? null
        : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, ToFailureDetails(details.InnerFailure), details.Properties);

    private static TaskFailureDetails? ToFailureDetails(OrchestrationState state, FailureDetails? failure)
    {
        if (failure is not null)
        {
            return ToFailureDetails(failure);
        }

        // Only a message is known (neither the row nor the history had details).
        return state.OrchestrationStatus == OrchestrationStatus.Failed && state.Output is not null
            ? new TaskFailureDetails("OrchestrationFailed", state.Output, null, null, null)
            : null;
    }

    private static DateTimeOffset AsUtc(DateTime time) =>
        time == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
