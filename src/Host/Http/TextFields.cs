using System.Globalization;

namespace ScriptHarness.Host.Http;

/// <summary>
/// Bounds on the free-text fields of request bodies (names, reasons, who decided): they end up in the
/// run's input and audit history, so they are capped, and names hold no control characters.
/// </summary>
internal static class TextFields
{
    /// <summary>The longest name-like field (<c>decidedBy</c>, <c>requestedBy</c>, <c>model</c>).</summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest reason or error text.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>Why a name-like field is refused, or null.</summary>
    public static string? NameProblem(string? value, string field) =>
        value is null ? null
        : value.Length > MaxNameLength ? string.Create(CultureInfo.InvariantCulture, $"{field} is {value.Length} characters long; at most {MaxNameLength} are allowed.")
        : value.Any(char.IsControl) ? $"{field} must not hold NUL or other control characters."
        : null;

    /// <summary>Why a reason-like text is refused, or null (line breaks are allowed, NUL is not).</summary>
    public static string? TextProblem(string? value, string field) =>
        value is null ? null
        : value.Length > MaxTextLength ? string.Create(CultureInfo.InvariantCulture, $"{field} is {value.Length} characters long; at most {MaxTextLength} are allowed.")
        : value.Contains('\0', StringComparison.Ordinal) ? $"{field} must not hold NUL."
        : null;
}
