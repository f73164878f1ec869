using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Extensions.AI.Chat;

/// <summary>Adds <see cref="ScriptHarnessChatClient"/> to a chat pipeline.</summary>
public static class ScriptHarnessChatClientBuilderExtensions
{
    /// <summary>
    /// Lets the model answer with durable scripts: the harness registered by <c>AddScriptHarness</c>
    /// (its <see cref="ScriptRunClient"/> and tools, from the pipeline's service provider) runs them
    /// on the app's worker. With <see cref="ScriptHarnessChatClientOptions.Server"/> set (remote mode) the
    /// turns run on that ScriptHarness server over its HTTP API instead, and nothing needs to be
    /// registered. Put it outermost, or at least outside any function-invoking client.
    /// </summary>
    /// <param name="builder">The chat pipeline.</param>
    /// <param name="configure">Sets the workspace, round limit, policy and preamble.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseScriptHarness(this ChatClientBuilder builder, Action<ScriptHarnessChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            ScriptHarnessChatClientOptions options = new();
            configure?.Invoke(options);
            if (options.Server is not null)
            {
                return new ScriptHarnessChatClient(inner, options);
            }

            return new ScriptHarnessChatClient(inner, services.GetRequiredService<ScriptRunClient>(), services.GetRequiredService<ToolRegistry>(), options);
        });
    }
}
