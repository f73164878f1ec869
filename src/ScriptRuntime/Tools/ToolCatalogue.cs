using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>
/// Tool discovery over one run's tools: a one-line summary of each (what the prompt lists when the
/// tool set is large), the full description of one (<c>tools.$describe(name)</c>) and a ranked
/// search (<c>tools.$search(query)</c>). Pure functions of the descriptors: a script that discovers
/// its tools replays identically, with no activity, because a run's tools are the ones its input
/// recorded when it started.
/// </summary>
public static class ToolCatalogue
{
    /// <summary>The script-facing member that describes one tool.</summary>
    public const string DescribeName = "$describe";

    /// <summary>The script-facing member that searches the tools.</summary>
    public const string SearchName = "$search";

    /// <summary>The longest summary, in characters.</summary>
    public const int MaxSummaryLength = 120;

    /// <summary>The most hits <see cref="Search"/> returns.</summary>
    public const int MaxSearchResults = 50;

    /// <summary>Whether <paramref name="name"/> is one of the discovery members a tool cannot be named.</summary>
    public static bool IsReserved(string name) => name is DescribeName or SearchName;

    /// <summary>The first sentence (or line) of the tool's description, at most <see cref="MaxSummaryLength"/> characters.</summary>
    public static string Summary(ToolDescriptor tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        string text = tool.Description.Trim();
        int line = text.IndexOf('\n', StringComparison.Ordinal);
        if (line >= 0)
        {
            text = text[..line].TrimEnd();
        }

        int sentence = text.IndexOf(". ", StringComparison.Ordinal);
        if (sentence >= 0)
        {
            text = text[..(sentence + 1)];
        }

        return text.Length <= MaxSummaryLength ? text : text[..(MaxSummaryLength - 1)].TrimEnd() + "…";
    }

    /// <summary>How a script calls the tool: <c>tools.readFile</c>, <c>tools.mcp.everything["get-sum"]</c>.</summary>
    public static string CallExpression(ToolDescriptor tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        IReadOnlyList<string> path = ToolNames.PathOf(tool);
        string member = path[^1];
        string head = string.Concat(path.SkipLast(1).Select(p => "." + p));
        return ToolNames.IsIdentifier(member)
            ? $"tools{head}.{member}"
            : $"tools{head}[{JsonSerializer.Serialize(member)}]";
    }

    /// <summary>
    /// What <c>tools.$describe(name)</c> answers: name, call expression, full description, kind,
    /// effect, and the JSON schemas of the arguments and result (null when none is declared).
    /// </summary>
    public static JsonElement Describe(ToolDescriptor tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        JsonObject description = new()
        {
            ["name"] = tool.Name,
            ["call"] = CallExpression(tool),
            ["summary"] = Summary(tool),
            ["description"] = tool.Description,
            ["kind"] = tool.Kind == ToolKind.External ? "host-resolved" : "local",
            ["effect"] = new JsonArray([.. Effects(tool.Effect).Select(e => (JsonNode?)JsonValue.Create(e))]),
            ["parameters"] = JsonNode.Parse(tool.ArgumentsSchema.GetRawText()),
            ["result"] = tool.ResultSchema is { } result ? JsonNode.Parse(result.GetRawText()) : null,
        };
        return JsonSerializer.SerializeToElement(description);
    }

    /// <summary>
    /// The tools that match <paramref name="query"/>, best first: each word of the query (case
    /// insensitive) found in a tool's name or call path counts 3, in its description 1; ties keep
    /// the registration order. Tools that match no word are left out; at most
    /// <paramref name="limit"/> (1 to <see cref="MaxSearchResults"/>) hits.
    /// </summary>
    public static IReadOnlyList<ToolSearchHit> Search(IReadOnlyList<ToolDescriptor> tools, string query, int limit = 10)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(query);
        string[] words = Words(query);
        limit = Math.Clamp(limit, 1, MaxSearchResults);
        if (words.Length == 0)
        {
            return [];
        }

        return [.. tools
            .Select((tool, order) => (Tool: tool, Order: order, Score: Score(tool, words)))
            .Where(t => t.Score > 0)
            .OrderByDescending(t => t.Score)
            .ThenBy(t => t.Order)
            .Take(limit)
            .Select(t => new ToolSearchHit(t.Tool.Name, CallExpression(t.Tool), Summary(t.Tool), t.Score))];
    }

    private static int Score(ToolDescriptor tool, string[] words)
    {
        string name = (tool.Name + " " + string.Join(' ', ToolNames.PathOf(tool))).ToLowerInvariant();
        string[] nameWords = Words(SplitCamel(tool.Name) + " " + string.Join(' ', ToolNames.PathOf(tool).Select(SplitCamel)));
        string[] descriptionWords = Words(tool.Description);
        int score = 0;
        foreach (string word in words)
        {
            if (nameWords.Contains(word, StringComparer.Ordinal) || name.Contains(word, StringComparison.Ordinal))
            {
                score += 3;
            }

            if (descriptionWords.Any(d => d.StartsWith(word, StringComparison.Ordinal)))
            {
                score += 1;
            }
        }

        return score;
    }

    // readFile -> "read File"; get-sum -> "get-sum" (split on the dash by Words).
    private static string SplitCamel(string name)
    {
        System.Text.StringBuilder text = new(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                text.Append(' ');
            }

            text.Append(name[i]);
        }

        return text.ToString();
    }

    private static string[] Words(string text) =>
        [.. text.ToLower(CultureInfo.InvariantCulture)
            .Split((char[])[.. text.Where(c => !char.IsLetterOrDigit(c)).Distinct()], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 1)
            .Distinct(StringComparer.Ordinal)];

    private static IEnumerable<string> Effects(ToolEffect effect)
    {
        if (effect.HasFlag(ToolEffect.Read))
        {
            yield return "read";
        }

        if (effect.HasFlag(ToolEffect.Write))
        {
            yield return "write";
        }

        if (effect.HasFlag(ToolEffect.Execute))
        {
            yield return "execute";
        }

        if (effect.HasFlag(ToolEffect.Network))
        {
            yield return "network";
        }

        if (effect.HasFlag(ToolEffect.HostResolved))
        {
            yield return "host-resolved";
        }
    }
}

/// <summary>One hit of <see cref="ToolCatalogue.Search"/>.</summary>
/// <param name="Name">The tool's name (what <c>tools.$describe</c> takes).</param>
/// <param name="Call">How a script calls it (<c>tools.readFile</c>).</param>
/// <param name="Summary">Its one-line summary.</param>
/// <param name="Score">How well it matched (higher is better).</param>
public sealed record ToolSearchHit(string Name, string Call, string Summary, int Score);
