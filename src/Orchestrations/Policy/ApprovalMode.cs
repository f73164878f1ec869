using System.ComponentModel;
using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>When a policy asks a human. Rules decide per call; the mode bends their answers.</summary>
[JsonConverter(typeof(KebabCaseEnumJsonConverter<ApprovalMode>))]
[TypeConverter(typeof(KebabCaseEnumTypeConverter<ApprovalMode>))]
public enum ApprovalMode
{
    /// <summary>
    /// Never ask anyone (<c>never</c>): for unattended runs. A call the rules would ask about is
    /// denied instead, so it fails fast rather than waiting for a human who is not there.
    /// </summary>
    Never,

    /// <summary>Ask when the rules say so (<c>on-request</c>, the default).</summary>
    OnRequest,

    /// <summary>Ask for every call the rules do not deny (<c>always</c>).</summary>
    Always,
}
