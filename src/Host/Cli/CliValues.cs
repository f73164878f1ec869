using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Host.Cli;

/// <summary>
/// Options and arguments whose bad values are refused with the allowed values named: the command
/// line library's own message names the .NET type (<c>System.Int32</c>, <c>…DecisionScope</c>).
/// </summary>
internal static class CliValues
{
    /// <summary><c>--approve ask|all|none</c>.</summary>
    public static Option<CliApproval?> Approve() => new("--approve")
    {
        Description = "ask (default when stdin is a terminal), all, or none (default otherwise).",
        HelpName = "ask|all|none",
        CustomParser = result => Choice<CliApproval>(result, "--approve"),
    };

    /// <summary><c>--scope call|run</c>, default call.</summary>
    public static Option<DecisionScope> Scope() => new("--scope")
    {
        Description = "call (default) or run: every call of the run that asks for the same reason.",
        HelpName = "call|run",
        DefaultValueFactory = _ => DecisionScope.Call,
        CustomParser = result => Choice<DecisionScope>(result, "--scope") ?? DecisionScope.Call,
    };

    /// <summary>The <c>CALL</c> argument: a call's sequence number in its run.</summary>
    public static Argument<int> CallId() => new("CALL")
    {
        Description = "The call id (its sequence number in the run).",
        CustomParser = result =>
        {
            string token = Token(result);
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id > 0)
            {
                return id;
            }

            result.AddError($"CALL must be a call id: a whole number from 1 (the #N the progress shows), not '{TerminalText.Line(token)}'.");
            return 0;
        },
    };

    private static T? Choice<T>(ArgumentResult result, string name)
        where T : struct, Enum
    {
        string token = Token(result);
        string[] names = [.. Enum.GetNames<T>().Select(n => n.ToLowerInvariant())];
        if (names.Contains(token.ToLowerInvariant()))
        {
            return Enum.Parse<T>(token, ignoreCase: true);
        }

        result.AddError($"{name} must be one of {string.Join(", ", names)}, not '{TerminalText.Line(token)}'.");
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
