using System.Text.Json.Serialization;

namespace ScriptHarness.ScriptRuntime.Errors;

/// <summary>
/// A typed error of a script run: a stable code, a message written for the model, and whether
/// retrying can help. Positions are 1-based and refer to the script as the model wrote it.
/// </summary>
/// <param name="Code">The taxonomy member.</param>
/// <param name="Message">What went wrong, written so that a model can fix its script.</param>
/// <param name="Retryable">Whether the same script may succeed if run again.</param>
public sealed record ScriptError(
    [property: JsonConverter(typeof(ScriptErrorCodeJsonConverter))] ScriptErrorCode Code,
    string Message,
    bool Retryable)
{
    /// <summary>The limit that was hit, for <see cref="ScriptErrorCode.LimitExceeded"/>.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<ScriptLimit>))]
    public ScriptLimit? Limit { get; init; }

    /// <summary>1-based line in the script, when known.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column in the script, when known.</summary>
    public int? Column { get; init; }

    /// <summary>A finer, tool-specific code (e.g. <c>path-outside-workspace</c>), when there is one.</summary>
    public string? Detail { get; init; }

    /// <summary>Creates an error with the code's default retry hint.</summary>
    public static ScriptError Create(ScriptErrorCode code, string message) =>
        new(code, message, code.IsRetryableByDefault());

    /// <summary>Creates a <see cref="ScriptErrorCode.LimitExceeded"/> error for <paramref name="limit"/>.</summary>
    public static ScriptError LimitExceeded(ScriptLimit limit, string message) =>
        new(ScriptErrorCode.LimitExceeded, message, Retryable: false) { Limit = limit };
}
