using System.Text.Json;
using ScriptHarness.Activities.Workspaces;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Tools;

/// <summary>
/// Base of the built-in tools: opens the invocation's workspace (failing with
/// <c>workspace-missing</c> on a worker that lacks it) and turns stray I/O exceptions into
/// typed <c>io-error</c> failures.
/// </summary>
public abstract class WorkspaceTool : ITool
{
    /// <inheritdoc />
    public abstract ToolDescriptor Descriptor { get; }

    /// <inheritdoc />
    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (cancellationToken.IsCancellationRequested)
        {
            throw ToolException.Cancelled($"{this.Descriptor.Name} was cancelled before it started.");
        }

        using Workspace workspace = Workspace.Open(invocation.Workspace);
        try
        {
            return await this.RunAsync(workspace, invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw ToolException.Cancelled($"{this.Descriptor.Name} was cancelled.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ToolException.Failed(ToolErrorDetails.IoError, $"{this.Descriptor.Name} failed: {e.Message}", e);
        }
    }

    /// <summary>Runs the tool in an open workspace.</summary>
    internal abstract Task<JsonElement> RunAsync(Workspace workspace, ToolInvocation invocation, CancellationToken cancellationToken);
}
