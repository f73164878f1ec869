using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Status;

/// <summary>Where a running script is, as its custom status shows.</summary>
[JsonConverter(typeof(CamelCaseEnumJsonConverter<RunPhase>))]
public enum RunPhase
{
    /// <summary>The script runs or waits only on tools (<c>running</c>).</summary>
    Running,

    /// <summary>At least one call waits for a human decision (<c>awaitingApproval</c>).</summary>
    AwaitingApproval,

    /// <summary>At least one host-resolved call waits for its posted result, none for approval (<c>awaitingResult</c>).</summary>
    AwaitingResult,

    /// <summary>The script has settled; the run waits for started calls to return before it reports (<c>finishing</c>).</summary>
    Finishing,
}
