using System.ComponentModel;
using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>What a policy decides for one call, from most to least permissive.</summary>
[JsonConverter(typeof(KebabCaseEnumJsonConverter<ApprovalAction>))]
[TypeConverter(typeof(KebabCaseEnumTypeConverter<ApprovalAction>))]
public enum ApprovalAction
{
    /// <summary>Run the call without asking.</summary>
    Allow,

    /// <summary>Wait for a human decision (with an expiry).</summary>
    Ask,

    /// <summary>Refuse the call: its promise rejects with <c>approval-denied</c>.</summary>
    Deny,
}
