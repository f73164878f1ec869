using System.Text.Json;
using Microsoft.Extensions.AI;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Extensions.AI.Functions;

/// <summary>
/// An app's <see cref="AIFunction"/> as a script tool (<c>tools.&lt;name&gt;</c>): declared from the
/// function's JSON schemas, run as the activity named for it in the app's worker, judged by the
/// approval policy like any other tool.
/// </summary>
internal sealed class AIFunctionTool : ITool
{
    /// <summary>The detail code of a function that threw (<c>tool-failed</c> / <c>ai-function-failed</c>).</summary>
    public const string FunctionFailedDetail = "ai-function-failed";

    private readonly AIFunction function;

    public AIFunctionTool(AIFunction function, ToolEffect effect)
    {
        ArgumentNullException.ThrowIfNull(function);
        this.function = function;
        this.RequiresApproval = function.GetService(typeof(ApprovalRequiredAIFunction)) is not null;
        this.Descriptor = new ToolDescriptor(function.Name, function.Description, function.JsonSchema)
        {
            ResultSchema = function.ReturnJsonSchema,
            // A function that must be approved declares nothing, so even the safe defaults ask; the
            // chat client adds a run rule that asks whatever the host's rules say.
            Effect = this.RequiresApproval ? ToolEffect.Unknown : effect,
        };
    }

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; }

    /// <summary>Whether the function is an <see cref="ApprovalRequiredAIFunction"/>: every call asks.</summary>
    public bool RequiresApproval { get; }

    /// <inheritdoc />
    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        AIFunctionArguments arguments = [];
        if (invocation.Args.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in invocation.Args.EnumerateObject())
            {
                // AIFunctionFactory's functions bind JsonElement values to their parameter types.
                arguments[property.Name] = property.Value.Clone();
            }
        }

        object? result;
        try
        {
            result = await this.function.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw ToolException.Cancelled($"{this.function.Name} was cancelled.");
        }
        catch (Exception ex) when (ex is not ToolException)
        {
            // The function's own failure: the script sees a typed error it may catch, never a worker fault.
            throw ToolException.Failed(FunctionFailedDetail, $"{this.function.Name} failed: {ex.Message}", ex);
        }

        return result switch
        {
            null => JsonSerializer.SerializeToElement<object?>(null, AIJsonUtilities.DefaultOptions),
            JsonElement element => element.Clone(),
            _ => JsonSerializer.SerializeToElement(result, result.GetType(), AIJsonUtilities.DefaultOptions),
        };
    }
}
