using System.Diagnostics;
using ScriptHarness.Activities.Telemetry;

namespace ScriptHarness.Orchestrations.Telemetry;

/// <summary>Puts each tool execution under its call's span (<see cref="TraceIds.Call"/>).</summary>
internal sealed class RunTraceParent : IToolCallTraceParent
{
    public ActivityContext ParentOf(string instanceId, int callId) => TraceIds.Call(instanceId, callId);
}
