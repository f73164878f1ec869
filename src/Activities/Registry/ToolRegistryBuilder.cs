using System.Text.Json;
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

    /// <summary>Adds a tool given as a delegate with its descriptor.</summary>
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

    /// <summary>Adds a tool given as name, description, schemas and a delegate.</summary>
    public ToolRegistryBuilder Add(
        string name,
        string description,
        JsonElement argumentsSchema,
        JsonElement? resultSchema,
        Func<ToolInvocation, CancellationToken, Task<JsonElement>> handler) =>
        this.Add(new ToolDescriptor(name, description, argumentsSchema) { ResultSchema = resultSchema }, handler);
}
