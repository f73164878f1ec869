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
/// plus <c>tools.spawn.&lt;name&gt;</c> and <c>tools.spawn.cancel(id)</c>. The functions only
/// adapt JavaScript to the sink; checks and bookkeeping live in the run.
/// </summary>
internal static class ToolFacade
{
    /// <summary>The reserved member holding the detached-call variants.</summary>
    public const string SpawnName = "spawn";

    public static ObjectInstance Create(ScriptSandbox sandbox, IReadOnlyList<ToolDescriptor> tools, IToolCallSink sink)
    {
        Engine engine = sandbox.Engine;
        string[] names = tools.Select(t => t.Name).ToArray();
        ToolsObject root = new(engine, "tools", () => names);
        ToolsObject spawn = new(engine, "tools.spawn", () => names);
        foreach (ToolDescriptor tool in tools)
        {
            root.FastSetProperty(tool.Name, Method(engine, tool.Name, (_, args) => sink.Call(tool, Arg(args, 0), spawned: false)));
            spawn.FastSetProperty(tool.Name, Method(engine, tool.Name, (_, args) => sink.Call(tool, Arg(args, 0), spawned: true)));
        }

        spawn.FastSetProperty("cancel", Method(engine, "cancel", (_, args) => sink.CancelSpawned(Arg(args, 0))));
        root.FastSetProperty(SpawnName, new PropertyDescriptor(spawn, PropertyFlag.Enumerable));
        sandbox.Freezer.DeepFreeze(root);
        return root;
    }

    private static PropertyDescriptor Method(Engine engine, string name, Func<JsValue, JsValue[], JsValue> body) =>
        new(new ClrFunction(engine, name, body, 1, PropertyFlag.Configurable), PropertyFlag.Enumerable);

    private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;
}
