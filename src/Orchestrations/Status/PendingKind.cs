using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Status;

/// <summary>What a pending call waits for.</summary>
[JsonConverter(typeof(KebabCaseEnumJsonConverter<PendingKind>))]
public enum PendingKind
{
    /// <summary>A human decision (post it with the call's approval event).</summary>
    Approval,

    /// <summary>A host-resolved tool's result (post it with the call's result event).</summary>
    Result,
}
