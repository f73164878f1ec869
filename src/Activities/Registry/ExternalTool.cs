using System.Text.Json;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Registry;

/// <summary>
/// A tool the host resolves (e.g. the agent's client answers <c>askUser</c>): it has a descriptor
/// of kind <see cref="ToolKind.External"/> for the script facade and the TypeScript declaration,
/// but no worker runs it, so it gets no activity and calling it directly is an error.
/// </summary>
public sealed class ExternalTool : ITool
{
    /// <summary>
    /// Creates the tool; the descriptor's kind is set to <see cref="ToolKind.External"/> and its
    /// effect gains <see cref="ToolEffect.HostResolved"/> (the host answers; nothing runs on a worker).
    /// </summary>
    public ExternalTool(ToolDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        this.Descriptor = descriptor with { Kind = ToolKind.External, Effect = descriptor.Effect | ToolEffect.HostResolved };
    }

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; }

    /// <inheritdoc />
    public Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
        throw new ToolException(new ScriptError(ScriptErrorCode.Internal, $"'{this.Descriptor.Name}' is resolved by the host, not run by a worker.", Retryable: false) { Detail = ToolErrorDetails.ExternalTool });
}
