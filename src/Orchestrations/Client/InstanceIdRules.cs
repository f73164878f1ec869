using System.Globalization;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// What a run or turn id given to the client may look like. The harness makes ids of the form
/// <c>sh-</c> and hex digits (<see cref="Runs.RunIds"/>); anything far outside that shape cannot name
/// a run, so it is refused as <c>invalid-request</c> with the reason, before it reaches the store
/// (which may throw on a long or odd key instead of answering "not found").
/// </summary>
public static class InstanceIdRules
{
    /// <summary>The longest id accepted; the harness's own ids are under 40 characters.</summary>
    public const int MaxLength = 128;

    /// <summary>The characters an id may hold, as the refusal states them.</summary>
    public const string AllowedCharacters = "letters a-z and A-Z, digits, '-', '_', '.' and ':'";

    /// <summary>Why <paramref name="id"/> is not an acceptable id (naming it as <paramref name="name"/>), or null when it is.</summary>
    public static string? Problem(string? id, string name = "id")
    {
        if (string.IsNullOrEmpty(id))
        {
            return $"{name} is required.";
        }

        if (id.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name} is {id.Length} characters long; at most {MaxLength} are allowed.");
        }

        foreach (char c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return $"{name} may hold only {AllowedCharacters}.";
            }
        }

        return null;
    }
}
