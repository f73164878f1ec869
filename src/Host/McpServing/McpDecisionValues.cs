using System.Text.Json.Serialization;

namespace ScriptHarness.Host.McpServing;

/// <summary><c>decide_call</c>'s <c>decision</c>: the input schema lists the two values.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpVerdict>))]
internal enum McpVerdict
{
    /// <summary>The call may run.</summary>
    [JsonStringEnumMemberName("approve")]
    Approve,

    /// <summary>The call must not run; the script's promise rejects with approval-denied.</summary>
    [JsonStringEnumMemberName("deny")]
    Deny,
}

/// <summary><c>decide_call</c>'s <c>scope</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpScope>))]
internal enum McpScope
{
    /// <summary>This call only.</summary>
    [JsonStringEnumMemberName("call")]
    Call,

    /// <summary>Every call of the run that asks for the same reason.</summary>
    [JsonStringEnumMemberName("run")]
    Run,
}
