using System.ComponentModel;
using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Events;

/// <summary>What a human decided about a call that asked.</summary>
[JsonConverter(typeof(KebabCaseEnumJsonConverter<DecisionVerdict>))]
[TypeConverter(typeof(KebabCaseEnumTypeConverter<DecisionVerdict>))]
public enum DecisionVerdict
{
    /// <summary>The call may run.</summary>
    Approve,

    /// <summary>The call must not run; its promise rejects with <c>approval-denied</c>.</summary>
    Deny,
}
