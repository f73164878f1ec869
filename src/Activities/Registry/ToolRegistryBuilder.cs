using System.Text.Json;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Registry;

/// <summary>Collects the host's tools for <see cref="ServiceCollectionExtensions.AddScriptHarnessTools"/>.</summary>
public sealed class ToolRegistryBuilder
{
    internal List<Func<IServiceProvider, ITool>> Factories { get; } = [];

    /// <summary>Adds a tool instance.</summary>
    public ToolRegistryBuilder Add(ITool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        this.Factories.Add(_ => tool);
        return this;
    }

    /// <summary>Adds a tool class resolved (with its dependencies) from the service provider.</summary>
    public ToolRegistryBuilder Add<TTool>()
        where TTool : class, ITool
    {
        this.Factories.Add(sp => Microsoft.Extensions.DependencyInjection.ActivatorUtilities.GetServiceOrCreateInstance<TTool>(sp));
        return this;
    }

    /// <summary>Adds a tool given as a delegate with its descriptor (whose effect and facts the policy reads).</summary>
    public ToolRegistryBuilder Add(ToolDescriptor descriptor, Func<ToolInvocation, CancellationToken, Task<JsonElement>> handler)
    {
        var tool = new DelegateTool(descriptor, handler);
        this.Factories.Add(_ => tool);
        return this;
    }

    /// <summary>Adds a tool that the host resolves (kind <c>external</c>): described to the script, never run by a worker.</summary>
    public ToolRegistryBuilder AddExternal(ToolDescriptor descriptor)
    {
        var tool = new ExternalTool(descriptor);
        this.Factories.Add(_ => tool);
        return this;
    }

    /// <summary>
    /// Adds a tool given as name, description, schemas and a delegate, with the effect it declares
    /// to the approval policy (<see cref="ToolEffect.Unknown"/> makes the default policy ask before
    /// every call). For per-call paths, build a <see cref="ToolDescriptor"/> with
    /// <see cref="ToolDescriptor.Facts"/> and use <see cref="Add(ToolDescriptor, Func{ToolInvocation, CancellationToken, Task{JsonElement}})"/>.
    /// </summary>
    public ToolRegistryBuilder Add(
        string name,
        string description,
        JsonElement argumentsSchema,
        JsonElement? resultSchema,
        Func<ToolInvocation, CancellationToken, Task<JsonElement>> handler,
        ToolEffect effect = ToolEffect.Unknown) =>
        this.Add(new ToolDescriptor(name, description, argumentsSchema) { ResultSchema = resultSchema, Effect = effect }, handler);
}
