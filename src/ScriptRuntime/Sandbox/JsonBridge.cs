using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace ScriptHarness.ScriptRuntime.Sandbox;

/// <summary>
/// Builds plain script values (objects, arrays, strings, numbers) straight from JSON, without a
/// round trip through JSON text: tool results reach the script as ordinary data it owns, never
/// as host objects.
/// </summary>
internal static class JsonBridge
{
    // Deeper documents go through the engine's own JSON.parse, which bounds its nesting itself.
    private const int MaxDepth = 256;

    /// <summary>The script value of <paramref name="element"/>; null when it nests deeper than the bridge walks.</summary>
    public static JsValue? ToJsValue(Engine engine, JsonElement element) => Convert(engine, element, 0);

    private static JsValue? Convert(Engine engine, JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                JsObject obj = new(engine);
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    // CreateDataProperty keeps JSON semantics for keys like "__proto__" (an own property, no prototype change).
                    if (Convert(engine, property.Value, depth + 1) is not { } value)
                    {
                        return null;
                    }

                    obj.CreateDataProperty(property.Name, value);
                }

                return obj;
            case JsonValueKind.Array:
                JsValue[] items = new JsValue[element.GetArrayLength()];
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (Convert(engine, item, depth + 1) is not { } value)
                    {
                        return null;
                    }

                    items[index++] = value;
                }

                return new JsArray(engine, items);
            case JsonValueKind.String:
                return new JsString(element.GetString()!);
            case JsonValueKind.Number:
                return new JsNumber(element.GetDouble());
            case JsonValueKind.True:
                return JsBoolean.True;
            case JsonValueKind.False:
                return JsBoolean.False;
            default:
                return JsValue.Null;
        }
    }

    /// <summary>Parses JSON text with System.Text.Json and clones the root (the document is disposed).</summary>
    public static JsonElement ParseElement(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
