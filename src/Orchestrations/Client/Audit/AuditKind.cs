using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Client.Audit;

/// <summary>What an <see cref="AuditEntry"/> records.</summary>
[JsonConverter(typeof(KebabCaseEnumJsonConverter<AuditKind>))]
public enum AuditKind
{
    /// <summary>The run started.</summary>
    Started,

    /// <summary>A call started waiting for a decision (explicit from contract 2; inferred from the expiry timer for contract 1).</summary>
    Asked,

    /// <summary>Someone decided on a call (or a scope-<c>run</c> decision on another call covered it).</summary>
    Decided,

    /// <summary>Nobody decided within the expiry.</summary>
    Expired,

    /// <summary>A host posted the result of a host-resolved call.</summary>
    Answered,

    /// <summary>The call's tool was scheduled to run.</summary>
    Ran,

    /// <summary>The call's tool returned (or failed).</summary>
    Finished,

    /// <summary>Webhooks were notified (contract 2).</summary>
    Notified,

    /// <summary>The run ended.</summary>
    RunFinished,
}
