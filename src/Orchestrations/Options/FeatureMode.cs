using System.ComponentModel;
using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Options;

/// <summary>Whether scripts run at all.</summary>
[JsonConverter(typeof(KebabCaseEnumJsonConverter<FeatureMode>))]
[TypeConverter(typeof(KebabCaseEnumTypeConverter<FeatureMode>))]
public enum FeatureMode
{
    /// <summary>No run starts; the host leaves the tags as text (<c>disabled</c>).</summary>
    Disabled,

    /// <summary>
    /// Runs execute with every call answered by the tool's declared dry-run result: no side
    /// effects, no approvals; the report says what the policy would have decided (<c>dry-run</c>).
    /// </summary>
    DryRun,

    /// <summary>Full execution (<c>enabled</c>).</summary>
    Enabled,
}
