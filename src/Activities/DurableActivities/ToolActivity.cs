using System.Text.Json;
using Microsoft.DurableTask;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.DurableActivities;

/// <summary>
/// The durable activity of one tool (registered under the tool's name): tracks the call in
/// <see cref="ToolCancellation"/> by its idempotency key, has the optional
/// <see cref="IToolCancellationWatcher"/> watch it for a cancellation requested on another worker,
/// runs the tool with a token that fires on either, and turns a typed <see cref="ToolException"/>
/// into a <see cref="ToolActivityException"/> that keeps the error code and detail across the
/// framework's failure details.
/// </summary>
public sealed class ToolActivity : TaskActivity<ToolInvocation, JsonElement>
{
    private readonly ITool tool;
    private readonly ToolCancellation cancellation;
    private readonly IToolCancellationWatcher? watcher;

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
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(cancellation);
        this.tool = tool;
        this.cancellation = cancellation;
        this.watcher = watcher;
    }

    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskActivityContext context, ToolInvocation input)
    {
        if (input is null || string.IsNullOrEmpty(input.IdempotencyKey))
        {
            throw new ToolActivityException(ToolException.Invalid(ToolErrorDetails.MissingArgument, $"The {this.tool.Descriptor.Name} activity needs a ToolInvocation with an idempotency key.").Error);
        }

        ArgumentNullException.ThrowIfNull(context);
        using ToolCancellation.Lease lease = this.cancellation.Track(input.IdempotencyKey);
        using CancellationTokenSource? stop = this.watcher is null ? null : CancellationTokenSource.CreateLinkedTokenSource(lease.Token);
        CancellationToken token = stop?.Token ?? lease.Token;

        // The watch is disposed (and has stopped) before the source is: it never cancels a disposed source.
        IAsyncDisposable? watch = stop is null ? null : this.watcher!.Watch(context.InstanceId, input, stop.Cancel);
        try
        {
            return await this.tool.InvokeAsync(input, token).ConfigureAwait(false);
        }
        catch (ToolException e)
        {
            throw new ToolActivityException(e.Error);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw new ToolActivityException(ToolException.Cancelled($"{this.tool.Descriptor.Name} was cancelled.").Error);
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
