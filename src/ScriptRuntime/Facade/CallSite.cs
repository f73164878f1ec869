using ScriptHarness.ScriptRuntime.Scripts;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>Where in the script a call was made, read from the engine's stack at the call.</summary>
internal static class CallSite
{
    /// <summary>The source name under which the wrapped script is parsed.</summary>
    public const string SourceName = "script";

    private const string Marker = SourceName + ":";

    /// <summary>
    /// The first frame in the script, <c>script:LINE:COLUMN</c>: the innermost frame's location is
    /// its call expression (<c>tools.readFile(...)</c> starts at <c>tools</c>). Lines map back
    /// through <see cref="ScriptWrapper"/>; (0, 0) when the stack names no script frame.
    /// </summary>
    public static (int Line, int Column) Parse(string? stackTrace)
    {
        if (stackTrace is null)
        {
            return (0, 0);
        }

        int from = 0;
        while ((from = stackTrace.IndexOf(Marker, from, StringComparison.Ordinal)) >= 0)
        {
            bool boundary = from == 0 || !char.IsLetterOrDigit(stackTrace[from - 1]);
            int position = from + Marker.Length;
            if (boundary && ReadNumber(stackTrace, ref position, out int line)
                && position < stackTrace.Length && stackTrace[position++] == ':'
                && ReadNumber(stackTrace, ref position, out int column))
            {
                return (ScriptWrapper.ToScriptLine(line), column);
            }

            from += Marker.Length;
        }

        return (0, 0);
    }

    private static bool ReadNumber(string text, ref int position, out int value)
    {
        value = 0;
        int start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]) && position - start < 9)
        {
            value = (value * 10) + (text[position] - '0');
            position++;
        }

        return position > start;
    }
}
