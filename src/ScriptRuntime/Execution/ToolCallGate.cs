using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>
/// The answer of the optional synchronous policy hook (<see cref="ScriptRunOptions.Gate"/>), asked
/// once per call after validation and before dispatch. A denial rejects the call's promise at once
/// and the call is never dispatched; anything that needs a human is the orchestrator's business
/// (it dispatches the call and settles it with approval-denied or approval-expired).
/// </summary>
public sealed record ToolCallGate
{
    private ToolCallGate(ScriptError? denial) => this.Denial = denial;

    /// <summary>Let the call proceed.</summary>
    public static ToolCallGate Allow { get; } = new((ScriptError?)null);

    /// <summary>Why the call was refused, or null when it is allowed.</summary>
    public ScriptError? Denial { get; }

    /// <summary>Refuse the call; the script's promise rejects with <paramref name="error"/> (usually approval-denied).</summary>
    public static ToolCallGate Deny(ScriptError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error);
    }
}
