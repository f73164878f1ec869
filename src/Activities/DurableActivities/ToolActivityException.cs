using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Activities.DurableActivities;

/// <summary>
/// What a tool activity throws for a typed tool error. Its message is the <see cref="ScriptError"/>
/// as JSON, so the error survives the framework's failure details (which keep only the type name
/// and the message) and <c>TryReadError</c> turns it back into the typed error on the
/// orchestration side.
/// </summary>
public sealed class ToolActivityException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public ToolActivityException(ScriptError error)
        : base(JsonSerializer.Serialize(error ?? throw new ArgumentNullException(nameof(error))))
    {
        this.Error = error;
    }

    /// <summary>The typed error.</summary>
    public ScriptError Error { get; }

    /// <summary>The failure details' error type of this exception.</summary>
    public static string ErrorTypeName => typeof(ToolActivityException).FullName!;

    /// <summary>
    /// Reads the typed error back from a failed activity's error type and message (e.g. from
    /// <c>TaskFailureDetails.ErrorType</c> and <c>ErrorMessage</c>); false when the failure is
    /// not a typed tool error (a fault of the tool or of the worker).
    /// </summary>
    public static bool TryReadError(string? errorType, string? errorMessage, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScriptError? error)
    {
        error = null;
        if (!string.Equals(errorType, ErrorTypeName, StringComparison.Ordinal) || string.IsNullOrEmpty(errorMessage))
        {
            return false;
        }

        try
        {
            error = JsonSerializer.Deserialize<ScriptError>(errorMessage);
            return error is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads the typed error from the SDK's failure details of a failed activity call.</summary>
    public static bool TryReadError(Microsoft.DurableTask.TaskFailureDetails? details, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScriptError? error)
    {
        error = null;
        return details is not null && TryReadError(details.ErrorType, details.ErrorMessage, out error);
    }
}
