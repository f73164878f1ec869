using System.Diagnostics.Tracing;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

public sealed class DtfxEventListener(string path) : EventListener
{
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name.StartsWith("DurableTask", StringComparison.Ordinal))
        {
            this.EnableEvents(eventSource, EventLevel.Warning);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        string payload = eventData.Payload is null ? string.Empty : string.Join(" | ", eventData.Payload);
        lock (this)
        {
            File.AppendAllText(path ?? "/tmp/dtfx.log", $"{eventData.EventSource.Name} {eventData.EventName} {payload}{Environment.NewLine}");
        }
    }
}
