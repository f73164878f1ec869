using System.Text.Json;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Registry;

/// <summary>
/// A host tool given as a descriptor and a delegate. Its policy facts are the descriptor's:
/// declare <see cref="ToolDescriptor.Effect"/> (and <see cref="ToolDescriptor.Facts"/> for a tool
/// that touches paths), or the default policy asks before every call.
/// </summary>
public sealed class DelegateTool : ITool
{
    private readonly Func<ToolInvocation, CancellationToken, Task<JsonElement>> handler;

    /// <summary>Creates the tool.</summary>
    public DelegateTool(ToolDescriptor descriptor, Func<ToolInvocation, CancellationToken, Task<JsonElement>> handler)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(handler);
        this.Descriptor = descriptor;
        this.handler = handler;
    }

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; }

    /// <inheritdoc />
    public Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
        this.handler(invocation, cancellationToken);
}
