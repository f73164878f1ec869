using Microsoft.Azure.Functions.Worker;
using ScriptHarness.Orchestrations.Notifications;

namespace ScriptHarness.Samples.DurableFunctions;

/// <summary>
/// The run's notice activities (replay contract 2): the explicit "asked" record of a call that
/// waits for a decision, and the run-finished notification; both deliver the webhooks of the
/// run's input through the same <see cref="WebhookNotifier"/> as the harness's own worker.
/// </summary>
public sealed class NoticeActivityFunctions(WebhookNotifier notifier)
{
    /// <summary>A call started waiting for a decision.</summary>
    [Function(CallAwaitingDecisionActivity.Name)]
    public Task<IReadOnlyList<NotificationDelivery>> CallAwaitingDecision([ActivityTrigger] CallAwaitingDecision input, FunctionContext context) =>
        new CallAwaitingDecisionActivity(notifier).RunAsync(new FunctionActivityContext(CallAwaitingDecisionActivity.Name, InstanceId(context)), input);

    /// <summary>The run finished.</summary>
    [Function(RunFinishedActivity.Name)]
    public Task<IReadOnlyList<NotificationDelivery>> RunFinished([ActivityTrigger] RunFinishedNotice input, FunctionContext context) =>
        new RunFinishedActivity(notifier).RunAsync(new FunctionActivityContext(RunFinishedActivity.Name, InstanceId(context)), input);

    private static string InstanceId(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) && id is not null ? id.ToString()! : string.Empty;
}
