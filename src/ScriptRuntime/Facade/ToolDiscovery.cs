using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Sandbox;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>
/// <c>tools.$describe(name)</c> and <c>tools.$search(query, limit?)</c>: synchronous, side-effect
/// free lookups in the run's own tools (<see cref="ToolCatalogue"/>), so a script working from a
/// prompt that lists only names and summaries can read a tool's schema before it calls it. No
/// activity: the answer is a pure function of the tools the run started with, the same on every
/// replay. Not enumerable (Object.keys(tools) lists the tools only) and frozen with the object.
/// </summary>
internal static class ToolDiscovery
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Install(Engine engine, ObjectInstance root, IReadOnlyList<ToolDescriptor> tools)
    {
        Dictionary<string, ToolDescriptor> byName = new(StringComparer.Ordinal);
        foreach (ToolDescriptor tool in tools)
        {
            byName[tool.Name] = tool;
        }

        foreach ((string name, string alias) in ToolNames.Aliases(tools))
        {
            byName.TryAdd(alias, tools.First(t => t.Name == name));
        }

        root.FastSetProperty(ToolCatalogue.DescribeName, Function(engine, ToolCatalogue.DescribeName, (_, args) =>
        {
            if (Arg(args, 0) is not JsString name)
            {
                throw Invalid(engine, ToolCatalogue.DescribeName, "tools.$describe(name) takes a tool's name as a string.");
            }

            string text = name.ToString();
            if (!byName.TryGetValue(text, out ToolDescriptor? tool))
            {
                IReadOnlyList<ToolSearchHit> near = ToolCatalogue.Search(tools, text, 3);
                string hint = near.Count == 0 ? "tools.$search(query) finds tools by what they do" : "did you mean " + string.Join(", ", near.Select(h => h.Name));
                throw ScriptErrorObjects.Throwable(
                    engine,
                    ScriptError.Create(ScriptErrorCode.ToolValidation, $"There is no tool named '{text}' ({hint}).") with { Detail = "unknown-tool" },
                    ToolCatalogue.DescribeName);
            }

            return JsonBridge.ToJsValue(engine, ToolCatalogue.Describe(tool)) ?? JsValue.Null;
        }));

        root.FastSetProperty(ToolCatalogue.SearchName, Function(engine, ToolCatalogue.SearchName, (_, args) =>
        {
            if (Arg(args, 0) is not JsString query)
            {
                throw Invalid(engine, ToolCatalogue.SearchName, "tools.$search(query, limit?) takes the words to look for as a string.");
            }

            JsValue limitArg = Arg(args, 1);
            int limit = 10;
            if (!limitArg.IsUndefined())
            {
                if (!limitArg.IsNumber() || double.IsNaN(limitArg.AsNumber()))
                {
                    throw Invalid(engine, ToolCatalogue.SearchName, $"tools.$search's limit must be a number from 1 to {ToolCatalogue.MaxSearchResults}.");
                }

                limit = (int)Math.Clamp(limitArg.AsNumber(), 1, ToolCatalogue.MaxSearchResults);
            }

            IReadOnlyList<ToolSearchHit> hits = ToolCatalogue.Search(tools, query.ToString(), limit);
            return JsonBridge.ToJsValue(engine, JsonSerializer.SerializeToElement(hits, Json)) ?? JsValue.Null;
        }));
    }

    private static PropertyDescriptor Function(Engine engine, string name, Func<JsValue, JsValue[], JsValue> body) =>
        new(new ClrFunction(engine, name, body, 1, PropertyFlag.Configurable), PropertyFlag.None);

    private static Jint.Runtime.JavaScriptException Invalid(Engine engine, string member, string message) =>
        ScriptErrorObjects.Throwable(engine, ScriptError.Create(ScriptErrorCode.ToolValidation, message) with { Detail = "invalid-argument" }, member);

    private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;
}
