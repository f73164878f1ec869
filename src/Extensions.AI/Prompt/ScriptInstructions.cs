using System.Text;
using ScriptHarness.ScriptRuntime.Declarations;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Extensions.AI.Prompt;

/// <summary>
/// The system text that teaches the model code mode: how to write a script, what comes back, and
/// the TypeScript declaration of <c>tools</c> generated from the tools' JSON schemas.
/// </summary>
internal static class ScriptInstructions
{
    public static string Build(string? preamble, IEnumerable<ToolDescriptor> tools, ToolDiscoveryOptions? discovery, bool continuesFailedRuns) =>
        Build(preamble, ToolDeclarationGenerator.Generate(tools, discovery), continuesFailedRuns);

    /// <summary>The same text over a declaration already generated (a remote server's <c>GET /api/tools</c>).</summary>
    public static string Build(string? preamble, string declaration, bool continuesFailedRuns)
    {
        StringBuilder text = new();
        if (!string.IsNullOrWhiteSpace(preamble))
        {
            text.Append(preamble.TrimEnd()).Append("\n\n");
        }

        text.Append("""
            To act, write a JavaScript program between a line `<tool-calls>` and a line `</tool-calls>` in your answer
            (the literal tags, not inside a Markdown code fence). The program is the body of an async function:
            call tools with `await tools.<name>({ ... })` (several at once with Promise.all), log with `console.log`,
            and `return` a JSON value with what you need to know. Write plain JavaScript: no TypeScript annotations,
            no import or require. Some calls wait for a person's approval; a denied call rejects its promise with an
            error you may catch. After the program runs you receive its report (status, result, logs, each call);
            then continue. When the task is done, answer in plain text without the tags.
            """).Append("\n\n");
        if (continuesFailedRuns)
        {
            // What the model needs to know to use a continued run: repeating the completed calls is free and safe.
            text.Append("""
                When a program fails, write the whole corrected program: calls at its start that repeat the failed
                program's completed calls (same tool, same arguments, same order) are not run again; they return the
                recorded results, and the report marks them "reused from the earlier run".
                """).Append("\n\n");
        }

        text.Append("""
            The tools:
            ```ts

            """);
        text.Append(declaration);
        text.Append("```\n");
        return text.ToString();
    }
}
