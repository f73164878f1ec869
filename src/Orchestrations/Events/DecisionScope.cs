using System.ComponentModel;
using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Events;

/// <summary>What a decision covers.</summary>
[JsonConverter(typeof(KebabCaseEnumJsonConverter<DecisionScope>))]
[TypeConverter(typeof(KebabCaseEnumTypeConverter<DecisionScope>))]
public enum DecisionScope
{
    /// <summary>This call only.</summary>
    Call,

    /// <summary>
    /// This call and every other call of the run, pending or later, that asked for the same
    /// reason (the same policy rule; for exec, the same argv prefix).
    /// </summary>
    Run,
}
