using System.Diagnostics;

namespace ScriptHarness.Activities.Telemetry;

/// <summary>
/// The seam through which the layer that schedules tool calls (the orchestrations) tells
/// <see cref="DurableActivities.ToolActivity"/> which span a tool's execution belongs under:
/// the call's span, which the scheduler emits when the call completes (it spans the approval
/// wait too, so it cannot be the activity's own).
/// </summary>
public interface IToolCallTraceParent
{
    /// <summary>The span context of call <paramref name="callId"/> of <paramref name="instanceId"/>; <c>default</c> when none.</summary>
    ActivityContext ParentOf(string instanceId, int callId);
}
