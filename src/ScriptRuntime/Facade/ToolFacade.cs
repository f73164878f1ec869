using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using ScriptHarness.ScriptRuntime.Sandbox;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>
/// Builds the script's frozen <c>tools</c> object: one function per <see cref="ToolDescriptor"/>,
/// plus <c>tools.spawn.&lt;name&gt;</c>, <c>tools.spawn.cancel(id)</c> and the discovery members
/// <c>tools.$describe</c> and <c>tools.$search</c> (<see cref="ToolDiscovery"/>). The functions only
/// adapt JavaScript to the sink; checks and bookkeeping live in the run.
/// </summary>
internal static class ToolFacade
{
    /// <summary>The reserved member holding the detached-call variants.</summary>
    public const string SpawnName = "spawn";

    public static ObjectInstance Create(ScriptSandbox sandbox, IReadOnlyList<ToolDescriptor> tools, IToolCallSink sink)
    {
        Engine engine = sandbox.Engine;
        IReadOnlyDictionary<string, string> aliases = ToolNames.Aliases(tools);
        Namespace root = new(engine, "tools");
        Namespace spawn = new(engine, "tools.spawn");
        foreach (ToolDescriptor tool in tools)
        {
            IReadOnlyList<string> path = ToolNames.PathOf(tool);
            string? alias = aliases.GetValueOrDefault(tool.Name);
            root.Walk(path).Add(path[^1], alias, Method(engine, path[^1], (_, args) => sink.Call(tool, Arg(args, 0), spawned: false)));
            spawn.Walk(path).Add(path[^1], alias, Method(engine, path[^1], (_, args) => sink.Call(tool, Arg(args, 0), spawned: true)));
        }

        spawn.Object.FastSetProperty("cancel", Method(engine, "cancel", (_, args) => sink.CancelSpawned(Arg(args, 0))));
        root.Object.FastSetProperty(SpawnName, new PropertyDescriptor(spawn.Object, PropertyFlag.Enumerable));
        ToolDiscovery.Install(engine, root.Object, tools);
        sandbox.Freezer.DeepFreeze(root.Object);
        return root.Object;
    }

    // One level of the tools object: its members, and nested namespaces (tools.mcp.<server>) made on first use.
    private sealed class Namespace
    {
        private readonly Engine engine;
        private readonly string displayName;
        private readonly List<string> names = [];
        private readonly Dictionary<string, Namespace> children = new(StringComparer.Ordinal);

        public Namespace(Engine engine, string displayName)
        {
            this.engine = engine;
            this.displayName = displayName;
            this.Object = new ToolsObject(engine, displayName, () => this.names);
        }

        public ToolsObject Object { get; }

        public Namespace Walk(IReadOnlyList<string> path)
        {
            Namespace current = this;
            for (int i = 0; i < path.Count - 1; i++)
            {
                if (!current.children.TryGetValue(path[i], out Namespace? child))
                {
                    child = new Namespace(this.engine, current.displayName + "." + path[i]);
                    current.children[path[i]] = child;
                    current.names.Add(path[i]);
                    current.Object.FastSetProperty(path[i], new PropertyDescriptor(child.Object, PropertyFlag.Enumerable));
                }

                current = child;
            }

            return current;
        }

        public void Add(string member, string? alias, PropertyDescriptor method)
        {
            this.names.Add(alias is null ? member : $"{alias} ({JsonSerializer.Serialize(member)})");
            this.Object.FastSetProperty(member, method);
            if (alias is not null)
            {
                // The alias is a second name for the same function, not enumerable, so Object.keys shows each tool once.
                this.Object.FastSetProperty(alias, new PropertyDescriptor(method.Value, PropertyFlag.None));
            }
        }
    }

    private static PropertyDescriptor Method(Engine engine, string name, Func<JsValue, JsValue[], JsValue> body) =>
        new(new ClrFunction(engine, name, body, 1, PropertyFlag.Configurable), PropertyFlag.Enumerable);

    private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;
}
