using System.Text.Json;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Tools;

/// <summary>
/// A tool a script can call: its descriptor (what the script runtime, the argument validator and
/// the TypeScript declaration see) and its implementation. Each tool runs as one durable
/// activity named <see cref="ToolDescriptor.Name"/>, and can also be called directly.
/// </summary>
public interface ITool
{
    /// <summary>Script-facing name, description, schemas, kind and dry-run result.</summary>
    ToolDescriptor Descriptor { get; }

    /// <summary>
    /// Runs the tool. Throws <see cref="ToolException"/> for every expected failure (bad
    /// arguments, a path outside the workspace, a missing file, ...); any other exception is a
    /// fault of the tool.
    /// </summary>
    /// <param name="invocation">The activity input: idempotency key, call sequence, workspace and arguments.</param>
    /// <param name="cancellationToken">Signalled when the call is cancelled (see <see cref="ToolCancellation"/>).</param>
    /// <returns>The result as plain JSON.</returns>
    Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}
