using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Registry;

/// <summary>
/// The tools a run can call, by script-facing name: the built-in coding tools plus the host's.
/// It feeds the script facade (<see cref="Descriptors"/>), argument validation and the
/// TypeScript declaration (from the descriptors' schemas), and activity dispatch
/// (<see cref="InvokeAsync"/>; one activity per tool, named for it).
/// </summary>
public sealed partial class ToolRegistry
{
    private readonly FrozenDictionary<string, ITool> tools;

    /// <summary>Creates a registry of <paramref name="tools"/>; names must be unique JavaScript identifiers, or namespaced by a <see cref="ToolDescriptor.ScriptPath"/>.</summary>
    /// <exception cref="ArgumentException">A duplicate or invalid name.</exception>
    public ToolRegistry(IEnumerable<ITool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var byName = new Dictionary<string, ITool>(StringComparer.Ordinal);
        var order = new List<ToolDescriptor>();
        foreach (ITool tool in tools)
        {
            ArgumentNullException.ThrowIfNull(tool);
            string name = tool.Descriptor.Name;
            if (tool.Descriptor.ScriptPath is { Count: > 0 } path)
            {
                // A namespaced tool (tools.mcp.<server>.<tool>): identifiers down to the member, which may be any text.
                if (path.Count < 2 || !path.SkipLast(1).All(IdentifierPattern().IsMatch) || string.IsNullOrEmpty(path[^1]) || path[0] == "spawn")
                {
                    throw new ArgumentException($"Tool '{name}' has an invalid script path '{string.Join('.', path)}'.", nameof(tools));
                }
            }
            else if (!IdentifierPattern().IsMatch(name))
            {
                throw new ArgumentException($"Tool name '{name}' is not a JavaScript identifier.", nameof(tools));
            }
            else if (ToolCatalogue.IsReserved(name))
            {
                throw new ArgumentException($"Tool name '{name}' is reserved: scripts call tools.{name} to discover tools.", nameof(tools));
            }

            if (tool.Descriptor.ArgumentsSchema.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"Tool '{name}' has no argument schema object.", nameof(tools));
            }

            if (!byName.TryAdd(name, tool))
            {
                throw new ArgumentException($"Two tools are named '{name}'.", nameof(tools));
            }

            order.Add(tool.Descriptor);
        }

        var roots = order.Where(d => d.ScriptPath is not { Count: > 1 }).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (ToolDescriptor descriptor in order.Where(d => d.ScriptPath is { Count: > 1 }))
        {
            if (roots.Contains(descriptor.ScriptPath![0]))
            {
                throw new ArgumentException($"Tool '{descriptor.Name}' needs the namespace '{descriptor.ScriptPath[0]}', which a tool already uses as its name.", nameof(tools));
            }
        }

        this.tools = byName.ToFrozenDictionary(StringComparer.Ordinal);
        this.Descriptors = order;
    }

    /// <summary>The descriptors in registration order (built-ins first).</summary>
    public IReadOnlyList<ToolDescriptor> Descriptors { get; }

    /// <summary>The registered names.</summary>
    public IEnumerable<string> Names => this.Descriptors.Select(d => d.Name);

    /// <summary>The tool named <paramref name="name"/>, if any.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ITool? tool) =>
        this.tools.TryGetValue(name, out tool);

    /// <summary>The tool named <paramref name="name"/>.</summary>
    /// <exception cref="ToolException"><c>tool-validation</c> / <c>unknown-tool</c>.</exception>
    public ITool Get(string name) =>
        this.TryGet(name, out ITool? tool)
            ? tool
            : throw ToolException.Invalid(ToolErrorDetails.UnknownTool, $"There is no tool named '{name}'. Tools: {string.Join(", ", this.Names)}.");

    /// <summary>Calls the tool named <paramref name="name"/> directly (tests, dry-run checks, hosts without durability).</summary>
    public Task<JsonElement> InvokeAsync(string name, ToolInvocation invocation, CancellationToken cancellationToken = default) =>
        this.Get(name).InvokeAsync(invocation, cancellationToken);

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex IdentifierPattern();
}
