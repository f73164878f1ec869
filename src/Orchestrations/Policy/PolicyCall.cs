using System.Text.Json;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// The tool call a policy judges: the tool, its arguments, the run's workspace, and the facts the
/// tool states about itself (its effect) and about this call (what it touches). The policy
/// reads facts only; it never parses a tool's arguments itself.
/// </summary>
/// <param name="Tool">The tool's script-facing name (rules match on it).</param>
/// <param name="Args">The arguments as the script passed them (argument rules match on them).</param>
/// <param name="Workspace">The run's workspace root (absolute); relative paths resolve against it.</param>
/// <param name="Effect">What the tool declares it can do; <see cref="ToolEffect.Unknown"/> asks.</param>
/// <param name="Facts">What this call touches, as the tool's own parser reads it; null when the tool states nothing or its facts could not be read.</param>
public sealed record PolicyCall(string Tool, JsonElement Args, string Workspace, ToolEffect Effect = ToolEffect.Unknown, ToolCallFacts? Facts = null)
{
    /// <summary>
    /// The call of <paramref name="tool"/> with <paramref name="args"/>, with the facts its
    /// <paramref name="descriptor"/> states (none for an unknown tool). A host-resolved tool
    /// (kind <c>external</c>) is <see cref="ToolEffect.HostResolved"/> whatever it declares.
    /// Deterministic: the descriptor's facts function is pure, and a facts function that fails
    /// leaves the facts unread (the policy then asks).
    /// </summary>
    public static PolicyCall For(ToolDescriptor? descriptor, string tool, JsonElement args, string workspace)
    {
        if (descriptor is null)
        {
            return new PolicyCall(tool, args, workspace);
        }

        ToolEffect effect = descriptor.Effect | (descriptor.Kind == ToolKind.External ? ToolEffect.HostResolved : ToolEffect.Unknown);
        return new PolicyCall(tool, args, workspace, effect, ReadFacts(descriptor, args));
    }

    private static ToolCallFacts? ReadFacts(ToolDescriptor descriptor, JsonElement args)
    {
        if (descriptor.Facts is null)
        {
            return null;
        }

#pragma warning disable CA1031 // A host tool's faulty facts function must not fail the run: its calls are asked about instead.
        try
        {
            return descriptor.Facts(args);
        }
        catch (Exception)
        {
            return null;
        }
#pragma warning restore CA1031
    }
}
