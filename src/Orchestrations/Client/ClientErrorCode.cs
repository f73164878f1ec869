using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>Why the run client refused a request; each member has a stable kebab-case code.</summary>
[JsonConverter(typeof(KebabCaseEnumJsonConverter<ClientErrorCode>))]
public enum ClientErrorCode
{
    /// <summary>The request is malformed (<c>invalid-request</c>).</summary>
    InvalidRequest,

    /// <summary>Scripts are disabled on this host (<c>feature-disabled</c>).</summary>
    FeatureDisabled,

    /// <summary>No run or turn has this id (<c>not-found</c>).</summary>
    NotFound,

    /// <summary>The same conversation and turn were started with different scripts (<c>turn-conflict</c>).</summary>
    TurnConflict,

    /// <summary>The run has no call with this id waiting for that kind of answer (<c>unknown-call</c>).</summary>
    UnknownCall,

    /// <summary>The call was already decided differently (<c>decision-conflict</c>).</summary>
    DecisionConflict,

    /// <summary>The run has finished; nothing can be delivered to it (<c>run-finished</c>).</summary>
    RunFinished,

    /// <summary>The request is over a configured limit, named by <see cref="ScriptRunClientException.Limit"/> (<c>limit-exceeded</c>).</summary>
    LimitExceeded,

    /// <summary>
    /// The durable backbone refused the operation: the backend does not support it, or the
    /// instance's state does not allow it (<c>refused</c>).
    /// </summary>
    Refused,

    /// <summary>The run (or one of the turn's runs) has not finished, so its state cannot be deleted: terminate it first (<c>run-not-finished</c>).</summary>
    RunNotFinished,

    /// <summary>The run made no completed <c>applyPatch</c> call whose edits a rollback could undo (<c>nothing-to-roll-back</c>).</summary>
    NothingToRollBack,

    /// <summary>Some of the run's patches cannot be undone from their inverse patch (a delete retried after it happened), so no rollback is started (<c>rollback-incomplete</c>).</summary>
    RollbackIncomplete,
}
