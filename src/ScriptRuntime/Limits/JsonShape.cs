using System.Text;
using System.Text.Json;

namespace ScriptHarness.ScriptRuntime.Limits;

/// <summary>What <see cref="JsonShape.Check(ReadOnlySpan{byte}, int)"/> found wrong with a JSON document.</summary>
internal enum JsonShapeProblem
{
    /// <summary>Nothing: the document may be read recursively and decoded to .NET strings.</summary>
    None,

    /// <summary>Objects and arrays nest deeper than the limit.</summary>
    TooDeep,

    /// <summary>A string or key holds half of a UTF-16 surrogate pair, which no UTF-8 consumer can carry.</summary>
    LoneSurrogate,
}

/// <summary>
/// Checks JSON that crosses the sandbox boundary before anything recursive reads it: one forward
/// pass of <see cref="Utf8JsonReader"/> (which keeps no call stack of its own), stopping at the
/// first container past the limit. Everything downstream (schema validation, the JSON bridge into
/// the engine, durable serialization) recurses per level, so the depth is bounded here once.
/// </summary>
internal static class JsonShape
{
    /// <summary>The highest <see cref="ScriptLimits.MaxNestingDepth"/> the recursive readers downstream are written for.</summary>
    public const int MaxSupportedDepth = 256;

    /// <summary>Checks UTF-8 JSON text (a whole, valid document).</summary>
    public static JsonShapeProblem Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        // The reader's own depth check is one past ours, so ours always fires first.
        Utf8JsonReader reader = new(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        int depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    if (++depth > maxDepth)
                    {
                        return JsonShapeProblem.TooDeep;
                    }

                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.String:
                case JsonTokenType.PropertyName:
                    // A lone surrogate can only arrive escaped (\ud800): raw UTF-8 cannot encode one.
                    if (reader.ValueIsEscaped && !Decodes(ref reader))
                    {
                        return JsonShapeProblem.LoneSurrogate;
                    }

                    break;
                default:
                    break;
            }
        }

        return JsonShapeProblem.None;
    }

    /// <summary>Checks JSON text held in a .NET string.</summary>
    public static JsonShapeProblem Check(string json, int maxDepth) => Check(Encoding.UTF8.GetBytes(json), maxDepth);

    /// <summary>Parses JSON text already checked by <see cref="Check(string, int)"/>.</summary>
    public static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxSupportedDepth + 1 });
        return document.RootElement.Clone();
    }

    /// <summary>Parses UTF-8 JSON already checked by <see cref="Check(ReadOnlySpan{byte}, int)"/> into an element that owns a copy of it.</summary>
    public static JsonElement Parse(ReadOnlySpan<byte> utf8)
    {
        Utf8JsonReader reader = new(utf8, new JsonReaderOptions { MaxDepth = MaxSupportedDepth + 1 });
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Whether <paramref name="text"/> holds a surrogate that is not half of a pair.</summary>
    public static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="text"/> with every lone surrogate replaced by U+FFFD (for output that must never fail, like logs).</summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        if (!HasLoneSurrogate(text))
        {
            return text;
        }

        StringBuilder fixedText = new(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                fixedText.Append(c).Append(text[++i]);
            }
            else
            {
                fixedText.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return fixedText.ToString();
    }

    private static bool Decodes(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
