using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ScriptHarness.Activities.Telemetry;

/// <summary>
/// The span of one tool execution (under the call's span when a <see cref="IToolCallTraceParent"/>
/// names it, linked to the framework's own activity span when one is current) and the log scope
/// that puts the run and call ids on every log line written while the tool runs.
/// </summary>
internal static class ToolSpans
{
    private static readonly ActivitySource Source = new(HarnessTelemetry.SourceName);

    public static Activity? Start(string tool, string instanceId, int callId, IToolCallTraceParent? parent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext context = parent?.ParentOf(instanceId, callId) ?? default;
        ActivityLink[]? links = Activity.Current is { } framework && framework.Source.Name == HarnessTelemetry.FrameworkSourceName
            ? [new ActivityLink(framework.Context)]
            : null;
        Activity? span = Source.StartActivity(HarnessTelemetry.ToolSpan, ActivityKind.Internal, context, links: links);
        span?.SetTag(HarnessTelemetry.RunId, instanceId);
        span?.SetTag(HarnessTelemetry.CallId, callId);
        span?.SetTag(HarnessTelemetry.Tool, tool);
        return span;
    }

    public static void Succeeded(Activity? span) => span?.SetTag(HarnessTelemetry.Outcome, "succeeded");

    // The status names the code, not the message: messages can quote a script's arguments.
    public static void Failed(Activity? span, string outcome, string code)
    {
        span?.SetTag(HarnessTelemetry.Outcome, outcome);
        span?.SetTag(HarnessTelemetry.ErrorCode, code);
        span?.SetStatus(ActivityStatusCode.Error, code);
    }

    public static IDisposable? Scope(ILogger? logger, string instanceId, int callId, string tool) =>
        logger?.BeginScope(new Dictionary<string, object>
        {
            ["RunId"] = instanceId,
            ["CallId"] = callId,
            ["Tool"] = tool,
        });
}
