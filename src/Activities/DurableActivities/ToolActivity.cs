using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.Telemetry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Activities.DurableActivities;

/// <summary>
/// The durable activity of one tool (registered under the tool's name): tracks the call in
/// <see cref="ToolCancellation"/> by its idempotency key, has the optional
/// <see cref="IToolCancellationWatcher"/> watch it for a cancellation requested on another worker,
/// runs the tool with a token that fires on either, and turns a typed <see cref="ToolException"/>
/// into a <see cref="ToolActivityException"/> that keeps the error code and detail across the
/// framework's failure details. Each execution is a <c>scriptharness.tool</c> span (when a
/// listener is attached) and runs inside a log scope holding the run and call ids.
/// </summary>
public sealed class ToolActivity : TaskActivity<ToolInvocation, JsonElement>
{
    private readonly ITool tool;
    private readonly ToolCancellation cancellation;
    private readonly IToolCancellationWatcher? watcher;
    private readonly ILogger? logger;
    private readonly IToolCallTraceParent? traceParent;

    /// <summary>Creates the activity of <paramref name="tool"/>, cancellable in this process only.</summary>
    public ToolActivity(ITool tool, ToolCancellation cancellation)
        : this(tool, cancellation, watcher: null)
    {
    }

    /// <summary>
    /// Creates the activity of <paramref name="tool"/>; <paramref name="watcher"/>, when given,
    /// also stops the call when it sees a cancellation requested on another worker.
    /// </summary>
    public ToolActivity(ITool tool, ToolCancellation cancellation, IToolCancellationWatcher? watcher)
        : this(tool, cancellation, watcher, logger: null, traceParent: null)
    {
    }

    /// <summary>
    /// Creates the activity of <paramref name="tool"/> with its diagnostics: <paramref name="logger"/>
    /// opens the run and call ids' log scope around the tool, and <paramref name="traceParent"/>
    /// names the span the tool's execution span belongs under.
    /// </summary>
    public ToolActivity(ITool tool, ToolCancellation cancellation, IToolCancellationWatcher? watcher, ILogger? logger, IToolCallTraceParent? traceParent)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(cancellation);
        this.tool = tool;
        this.cancellation = cancellation;
        this.watcher = watcher;
        this.logger = logger;
        this.traceParent = traceParent;
    }

    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskActivityContext context, ToolInvocation input)
    {
        if (input is null || string.IsNullOrEmpty(input.IdempotencyKey))
        {
            throw new ToolActivityException(ToolException.Invalid(ToolErrorDetails.MissingArgument, $"The {this.tool.Descriptor.Name} activity needs a ToolInvocation with an idempotency key.").Error);
        }

        ArgumentNullException.ThrowIfNull(context);
        string name = this.tool.Descriptor.Name;
        using IDisposable? scope = ToolSpans.Scope(this.logger, context.InstanceId, input.CallId, name);
        using Activity? span = ToolSpans.Start(name, context.InstanceId, input.CallId, this.traceParent);
        using ToolCancellation.Lease lease = this.cancellation.Track(input.IdempotencyKey);
        using CancellationTokenSource? stop = this.watcher is null ? null : CancellationTokenSource.CreateLinkedTokenSource(lease.Token);
        CancellationToken token = stop?.Token ?? lease.Token;

        // The watch is disposed (and has stopped) before the source is: it never cancels a disposed source.
        IAsyncDisposable? watch = stop is null ? null : this.watcher!.Watch(context.InstanceId, input, stop.Cancel);
        try
        {
            JsonElement result = input.AttemptTimeoutMs is { } limit
                ? await AttemptTimeout.RunAsync(this.tool, input, token, TimeSpan.FromMilliseconds(limit)).ConfigureAwait(false)
                : await this.tool.InvokeAsync(input, token).ConfigureAwait(false);
            ToolSpans.Succeeded(span);
            return result;
        }
        catch (ToolException e)
        {
            ToolSpans.Failed(span, e.Error.Code == ScriptErrorCode.Cancelled ? "cancelled" : "failed", e.Error.Code.ToCode());
            throw new ToolActivityException(e.Error);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            ToolSpans.Failed(span, "cancelled", ScriptErrorCode.Cancelled.ToCode());
            throw new ToolActivityException(ToolException.Cancelled($"{name} was cancelled.").Error);
        }
        catch (Exception) when (span is not null)
        {
            ToolSpans.Failed(span, "failed", ScriptErrorCode.ToolFailed.ToCode());
            throw;
        }
        finally
        {
            if (watch is not null)
            {
                await watch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
