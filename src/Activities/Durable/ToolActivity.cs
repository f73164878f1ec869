using System.Text.Json;
using Microsoft.DurableTask;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Durable;

/// <summary>
/// The durable activity of one tool (registered under the tool's name): tracks the call in
/// <see cref="ToolCancellation"/> by its idempotency key, runs the tool, and turns a typed
/// <see cref="ToolException"/> into a <see cref="ToolActivityException"/> that keeps the error
/// code and detail across the framework's failure details.
/// </summary>
public sealed class ToolActivity : TaskActivity<ToolInvocation, JsonElement>
{
    private readonly ITool tool;
    private readonly ToolCancellation cancellation;

    /// <summary>Creates the activity of <paramref name="tool"/>.</summary>
    public ToolActivity(ITool tool, ToolCancellation cancellation)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(cancellation);
        this.tool = tool;
        this.cancellation = cancellation;
    }

    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskActivityContext context, ToolInvocation input)
    {
        if (input is null || string.IsNullOrEmpty(input.IdempotencyKey))
        {
            throw new ToolActivityException(ToolException.Invalid(ToolErrorDetails.MissingArgument, $"The {this.tool.Descriptor.Name} activity needs a ToolInvocation with an idempotency key.").Error);
        }

        using ToolCancellation.Lease lease = this.cancellation.Track(input.IdempotencyKey);
        try
        {
            return await this.tool.InvokeAsync(input, lease.Token).ConfigureAwait(false);
        }
        catch (ToolException e)
        {
            throw new ToolActivityException(e.Error);
        }
        catch (OperationCanceledException) when (lease.Token.IsCancellationRequested)
        {
            throw new ToolActivityException(ToolException.Cancelled($"{this.tool.Descriptor.Name} was cancelled.").Error);
        }
    }
}
