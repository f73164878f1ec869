using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>A refused client request; nothing was changed.</summary>
public sealed class ScriptRunClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScriptRunClientException(ClientErrorCode code, string message)
        : base(message)
    {
        this.Code = code;
    }

    /// <summary>Creates the exception for a refusal caused by <paramref name="innerException"/> (the framework's own).</summary>
    public ScriptRunClientException(ClientErrorCode code, string message, Exception innerException)
        : base(message, innerException)
    {
        this.Code = code;
    }

    /// <summary>Creates the exception with no details (for serializers and tools).</summary>
    public ScriptRunClientException()
        : this(ClientErrorCode.InvalidRequest, "The request was refused.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ScriptRunClientException(string message)
        : this(ClientErrorCode.InvalidRequest, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ScriptRunClientException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.Code = ClientErrorCode.InvalidRequest;
    }

    /// <summary>For <see cref="ClientErrorCode.LimitExceeded"/>: which limit (e.g. <c>blocksPerTurn</c>).</summary>
    public string? Limit { get; init; }

    /// <summary>Why the request was refused.</summary>
    public ClientErrorCode Code { get; }

    /// <summary>The stable code, e.g. <c>decision-conflict</c>.</summary>
    public string StableCode => KebabCaseEnumTypeConverter<ClientErrorCode>.KebabName(this.Code.ToString());
}
