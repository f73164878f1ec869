using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Search;

/// <summary>
/// <c>fileSearch({query, limit?})</c>: files of the workspace whose path fuzzily matches the
/// query, best first (see <see cref="FuzzyScorer"/>), respecting <c>.gitignore</c>. Ties are
/// broken by shorter path, then path order, so results are stable. A retry simply searches again.
/// </summary>
public sealed class FileSearchTool : WorkspaceTool
{
    /// <summary>The script-facing name.</summary>
    public const string ToolName = "fileSearch";

    internal const int DefaultLimit = 50;
    internal const int MaxLimit = 1000;

    private static readonly ToolDescriptor Shape = new(
        ToolName,
        "Finds files by fuzzy match on their workspace path (characters of the query in order, e.g. 'usrctl' finds src/UserController.cs), best matches first, respecting .gitignore.",
        ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "query": { "type": "string", "minLength": 1, "description": "Characters to find in order in the path; spaces are ignored." },
            "limit": { "type": "integer", "minimum": 1, "maximum": 1000, "description": "Most results (default 50)." }
          },
          "required": ["query"],
          "additionalProperties": false
        }
        """))
    {
        ResultSchema = ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "matches": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": { "path": { "type": "string" }, "score": { "type": "integer" } },
                "required": ["path", "score"]
              }
            },
            "totalMatches": { "type": "integer" },
            "truncated": { "type": "boolean" }
          },
          "required": ["matches", "totalMatches", "truncated"]
        }
        """),
        DryRunResult = ToolJson.Parse("""{"matches":[],"totalMatches":0,"truncated":false}"""),
        Effect = ToolEffect.Read,
        Facts = _ => ToolCallFacts.OfPaths("."),
    };

    /// <inheritdoc />
    public override ToolDescriptor Descriptor => Shape;

    internal override Task<JsonElement> RunAsync(Workspace workspace, ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var args = ToolArguments.Parse(ToolName, invocation.Args, "query", "limit");
        string query = string.Concat(args.RequiredString("query").Where(c => !char.IsWhiteSpace(c)));
        int limit = args.OptionalInt("limit", 1, MaxLimit) ?? DefaultLimit;
        if (query.Length == 0)
        {
            throw ToolException.Invalid(ToolErrorDetails.MissingArgument, "fileSearch needs a 'query' with at least one non-space character.");
        }

        // The worst of the best `limit` sits on top of a min-queue.
        var best = new PriorityQueue<(string Path, int Score), (int Score, int NegLength, string Path)>(limit + 1, WorstFirst.Instance);
        int total = 0;
        WorkspaceWalker.Walk(workspace, string.Empty, WorkspaceWalker.MaxDepth, respectGitIgnore: true, (_, _, entries) =>
        {
            foreach (WalkEntry entry in entries)
            {
                if (entry.Type != EntryType.File || FuzzyScorer.Score(query, entry.Path) is not int score)
                {
                    continue;
                }

                total++;
                best.Enqueue((entry.Path, score), (score, -entry.Path.Length, entry.Path));
                if (best.Count > limit)
                {
                    best.Dequeue();
                }
            }

            return true;
        }, cancellationToken);

        var ranked = new List<(string Path, int Score)>(best.Count);
        while (best.Count > 0)
        {
            ranked.Add(best.Dequeue());
        }

        ranked.Reverse();
        var matches = new JsonArray();
        foreach ((string path, int score) in ranked)
        {
            matches.Add(new JsonObject { ["path"] = path, ["score"] = score });
        }

        return Task.FromResult(ToolJson.ToElement(new JsonObject { ["matches"] = matches, ["totalMatches"] = total, ["truncated"] = total > limit }));
    }

    // Lower score is worse; at equal score a longer path is worse; then the later path is worse.
    private sealed class WorstFirst : IComparer<(int Score, int NegLength, string Path)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((int Score, int NegLength, string Path) x, (int Score, int NegLength, string Path) y)
        {
            int c = x.Score.CompareTo(y.Score);
            if (c != 0)
            {
                return c;
            }

            c = x.NegLength.CompareTo(y.NegLength);
            return c != 0 ? c : string.CompareOrdinal(y.Path, x.Path);
        }
    }
}
