using System.Globalization;
using System.Text.RegularExpressions;
using ScriptHarness.ScriptRuntime.Scripts;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>Where in the script a call was made, read from the engine's stack at the call.</summary>
internal static partial class CallSite
{
    /// <summary>The source name under which the wrapped script is parsed.</summary>
    public const string SourceName = "script";

    /// <summary>
    /// The first frame in the script: the innermost frame's location is its call expression
    /// (<c>tools.readFile(...)</c> starts at <c>tools</c>). Lines map back through <see cref="ScriptWrapper"/>.
    /// </summary>
    public static (int Line, int Column) Parse(string? stackTrace)
    {
        if (stackTrace is not null)
        {
            Match match = Frame().Match(stackTrace);
            if (match.Success)
            {
                int line = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                int column = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
                return (ScriptWrapper.ToScriptLine(line), column);
            }
        }

        return (0, 0);
    }

    [GeneratedRegex(@"\bscript:(\d+):(\d+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Frame();
}
