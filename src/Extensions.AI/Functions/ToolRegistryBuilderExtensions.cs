using Microsoft.Extensions.AI;
using ScriptHarness.Activities.Registry;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Extensions.AI.Functions;

/// <summary>Adds an app's <see cref="AIFunction"/>s to the harness as script tools.</summary>
public static class ToolRegistryBuilderExtensions
{
    /// <summary>
    /// Adds each function as the script tool <c>tools.&lt;name&gt;</c>: declared to the model from its
    /// JSON schemas, run as an activity in this app's worker (so a run that resumes in another
    /// process finds it), judged by the approval policy like any tool. <paramref name="effect"/> is
    /// what the functions may do, for the policy: <see cref="ToolEffect.Unknown"/> (the default)
    /// asks before every call, <see cref="ToolEffect.Read"/> lets the safe defaults run them. An
    /// <see cref="ApprovalRequiredAIFunction"/> always asks, whatever the effect and the host's rules.
    /// </summary>
    /// <param name="tools">The registry builder of <c>AddScriptHarness</c>.</param>
    /// <param name="functions">The functions (their names must be JavaScript identifiers).</param>
    /// <param name="effect">What the functions can do, for the approval policy.</param>
    /// <returns>The builder.</returns>
    public static ToolRegistryBuilder AddAIFunctions(this ToolRegistryBuilder tools, IEnumerable<AIFunction> functions, ToolEffect effect = ToolEffect.Unknown)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(functions);
        foreach (AIFunction function in functions)
        {
            tools.Add(new AIFunctionTool(function, effect));
        }

        return tools;
    }
}
