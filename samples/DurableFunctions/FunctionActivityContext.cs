using Microsoft.DurableTask;

namespace ScriptHarness.Samples.DurableFunctions;

/// <summary>The SDK's activity context for an activity function, so the harness's class-based activities run unchanged.</summary>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
