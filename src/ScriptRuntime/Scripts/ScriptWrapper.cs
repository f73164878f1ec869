namespace ScriptHarness.ScriptRuntime.Scripts;

/// <summary>
/// The one convention by which a script body becomes the body of an async function, so that
/// top-level <c>await</c> and <c>return</c> work. Syntax checking and execution both use it, so
/// positions reported to the model map back to the script as written.
/// </summary>
public static class ScriptWrapper
{
    /// <summary>Text placed before the script; it ends with a line break so columns are unchanged.</summary>
    public const string Prefix = "(async function __script__() {\n";

    /// <summary>Text placed after the script; the line break keeps a trailing line comment from swallowing it.</summary>
    public const string Suffix = "\n})";

    /// <summary>Number of lines the prefix adds before the script's first line.</summary>
    public const int PrefixLines = 1;

    /// <summary>Wraps <paramref name="script"/> into an expression whose value is the async function.</summary>
    public static string Wrap(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return string.Concat(Prefix, script, Suffix);
    }

    /// <summary>Maps a 1-based line of the wrapped source to the line of the script as written.</summary>
    public static int ToScriptLine(int wrappedLine) => Math.Max(1, wrappedLine - PrefixLines);
}
