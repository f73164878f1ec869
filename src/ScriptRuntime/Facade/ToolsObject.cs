using Jint;
using Jint.Native;
using Jint.Native.Object;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>
/// The frozen <c>tools</c> (and <c>tools.spawn</c>) object. Reading a name that is neither a tool
/// nor inherited from <c>Object.prototype</c> throws at once, listing the available tools, so a
/// typo fails at the call site instead of as "undefined is not a function".
/// </summary>
internal sealed class ToolsObject : ObjectInstance
{
    private readonly string displayName;
    private readonly Func<IReadOnlyList<string>> availableNames;

    public ToolsObject(Engine engine, string displayName, Func<IReadOnlyList<string>> availableNames)
        : base(engine)
    {
        this.displayName = displayName;
        this.availableNames = availableNames;
    }

    public override JsValue Get(JsValue property, JsValue receiver)
    {
        JsValue value = base.Get(property, receiver);
        if (!value.IsUndefined() || property is not JsString name)
        {
            return value;
        }

        string text = name.ToString();
        // Promise resolution and JSON serialization probe these; they must stay plain misses.
        if (text is "then" or "toJSON" || this.HasProperty(property))
        {
            return value;
        }

        IReadOnlyList<string> available = this.availableNames();
        string list = available.Count == 0 ? "none" : string.Join(", ", available);
        throw ScriptErrorObjects.Throwable(
            this.Engine,
            ScriptError.Create(ScriptErrorCode.ToolValidation, $"{this.displayName}.{text} is not a tool. Available tools: {list}."));
    }
}
