using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Ignore;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Search;

/// <summary>
/// <c>grep({pattern, path?, glob?, caseSensitive?, limit?})</c>: a .NET regular expression
/// searched through the text files under <c>path</c>, respecting <c>.gitignore</c> and skipping
/// binary files; one match per line, in walk order (a directory's files by name, then its
/// subdirectories). Each match attempt has a time budget (a
/// runaway pattern fails with <c>regex-timeout</c>), and the whole search a deadline after which
/// it returns what it found with <c>timedOut: true</c>. A retry simply searches again.
/// </summary>
public sealed class GrepTool : WorkspaceTool
{
    /// <summary>The script-facing name.</summary>
    public const string ToolName = "grep";

    internal const int DefaultLimit = 100;
    internal const int MaxLimit = 5000;
    internal const int MaxLineChars = 500;
    internal const long MaxFileBytes = 16L << 20;

    // A directory with at least this many files has them searched in parallel (in batches, keeping name order).
    private const int ParallelThreshold = 8;

    private static readonly ToolDescriptor Shape = new(
        ToolName,
        "Searches file contents with a regular expression (.NET syntax), respecting .gitignore and skipping binary files. Returns path, 1-based line number and line text per matching line.",
        ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "pattern": { "type": "string", "minLength": 1, "description": "Regular expression (.NET syntax; ^ and $ match at line ends)." },
            "path": { "type": "string", "description": "File or directory to search, relative to the workspace root (default the root)." },
            "glob": { "type": "string", "description": "Only files matching this glob, e.g. *.cs or src/**/*.{ts,tsx}." },
            "caseSensitive": { "type": "boolean", "description": "Default true." },
            "limit": { "type": "integer", "minimum": 1, "maximum": 5000, "description": "Most matching lines returned (default 100)." }
          },
          "required": ["pattern"],
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
                "properties": { "path": { "type": "string" }, "line": { "type": "integer" }, "text": { "type": "string" } },
                "required": ["path", "line", "text"]
              }
            },
            "truncated": { "type": "boolean", "description": "More matches exist beyond the limit." },
            "timedOut": { "type": "boolean", "description": "The search deadline passed; results are partial." },
            "filesSearched": { "type": "integer" }
          },
          "required": ["matches", "truncated", "timedOut", "filesSearched"]
        }
        """),
        DryRunResult = ToolJson.Parse("""{"matches":[],"truncated":false,"timedOut":false,"filesSearched":0}"""),
        Effect = ToolEffect.Read,
        Facts = ToolFacts.PathArgument(ToolName, "path", required: false),
    };

    private readonly TimeSpan timeout;

    /// <summary>Creates the tool with a 30 s search deadline.</summary>
    public GrepTool()
        : this(30_000)
    {
    }

    /// <summary>Creates the tool with a search deadline of <paramref name="timeoutMs"/>.</summary>
    public GrepTool(int timeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeoutMs);
        this.timeout = TimeSpan.FromMilliseconds(timeoutMs);
    }

    /// <inheritdoc />
    public override ToolDescriptor Descriptor => Shape;

    internal override Task<JsonElement> RunAsync(Workspace workspace, ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var args = ToolArguments.Parse(ToolName, invocation.Args, "pattern", "path", "glob", "caseSensitive", "limit");
        string pattern = args.RequiredString("pattern");
        string path = workspace.Resolve(args.OptionalString("path"));
        string? glob = args.OptionalString("glob");
        bool caseSensitive = args.OptionalBool("caseSensitive") ?? true;
        int limit = args.OptionalInt("limit", 1, MaxLimit) ?? DefaultLimit;

        Regex regex = Compile(pattern, caseSensitive, this.timeout);
        Regex? globRegex = string.IsNullOrEmpty(glob) ? null : CompileGlob(glob);
        var search = new Search(regex, limit, Stopwatch.StartNew(), this.timeout, cancellationToken);

        if (IsFile(workspace, path))
        {
            using SafeFileHandle file = workspace.OpenFileForRead(path);
            search.Add(SearchFile(file, path, search));
        }
        else
        {
            string prefix = path.Length == 0 ? string.Empty : path + "/";
            WorkspaceWalker.Walk(workspace, path, WorkspaceWalker.MaxDepth, respectGitIgnore: true, (directory, _, entries) =>
            {
                var files = entries
                    .Where(e => e.Type == EntryType.File && (globRegex is null || globRegex.IsMatch(e.Path[prefix.Length..])))
                    .ToList();
                return search.SearchDirectory(directory, files);
            }, cancellationToken);
        }

        return Task.FromResult(search.ToResult());
    }

    private static bool IsFile(Workspace workspace, string path)
    {
        if (path.Length == 0)
        {
            return false;
        }

        try
        {
            using DirectoryHandle directory = workspace.OpenDirectory(path);
            return false;
        }
        catch (ToolException e) when (e.Detail == ToolErrorDetails.NotADirectory)
        {
            return true;
        }
    }

    private static Regex Compile(string pattern, bool caseSensitive, TimeSpan timeout)
    {
        RegexOptions options = RegexOptions.Multiline | RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        try
        {
            return new Regex(pattern, options, timeout);
        }
        catch (ArgumentException e)
        {
            throw ToolException.Invalid(ToolErrorDetails.InvalidRegex, $"grep: the pattern is not a valid regular expression: {e.Message}");
        }
    }

    private static Regex CompileGlob(string glob)
    {
        try
        {
            return GlobPattern.ToRegex(glob, anchored: glob.Contains('/', StringComparison.Ordinal), braces: true);
        }
        catch (ArgumentException e)
        {
            throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"grep: the glob '{glob}' is not valid: {e.Message}");
        }
    }

    private static List<JsonObject> SearchFile(SafeFileHandle file, string path, Search search)
    {
        byte[] bytes = FileContent.ReadAll(file, MaxFileBytes);
        var found = new List<JsonObject>();
        if (FileContent.LooksBinary(bytes))
        {
            return found;
        }

        string text = TextDecoding.Decode(bytes);
        int line = 1;
        int counted = 0;
        try
        {
            Match match = search.Regex.Match(text);
            while (match.Success && found.Count < search.Limit)
            {
                int start = match.Index;
                line += CountNewlines(text.AsSpan(counted, start - counted));
                counted = start;
                int lineStart = start == 0 ? 0 : text.LastIndexOf('\n', start - 1) + 1;
                int lineEnd = text.IndexOf('\n', start);
                if (lineEnd < 0)
                {
                    lineEnd = text.Length;
                }

                ReadOnlySpan<char> content = text.AsSpan(lineStart, lineEnd - lineStart).TrimEnd('\r');
                string shown = content.Length > MaxLineChars ? string.Concat(content[..MaxLineChars], " … [line cut]") : content.ToString();
                found.Add(new JsonObject { ["path"] = path, ["line"] = line, ["text"] = shown });
                if (lineEnd >= text.Length)
                {
                    break;
                }

                match = search.Regex.Match(text, lineEnd + 1);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            throw ToolException.Refused(ToolErrorDetails.RegexTimeout, $"grep: the pattern ran past its time budget on '{path}'; simplify it (avoid nested quantifiers).");
        }

        return found;
    }

    private static int CountNewlines(ReadOnlySpan<char> text) => text.Count('\n');

    private sealed class Search(Regex regex, int limit, Stopwatch clock, TimeSpan deadline, CancellationToken cancellationToken)
    {
        private readonly JsonArray matches = [];
        private bool truncated;
        private bool timedOut;
        private int filesSearched;

        public Regex Regex => regex;

        public int Limit => limit + 1;

        public void Add(List<JsonObject> found)
        {
            this.filesSearched++;
            foreach (JsonObject match in found)
            {
                if (this.matches.Count >= limit)
                {
                    this.truncated = true;
                    return;
                }

                this.matches.Add(match);
            }
        }

        public bool SearchDirectory(DirectoryHandle directory, List<WalkEntry> files)
        {
            for (int i = 0; i < files.Count; i += 64)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (clock.Elapsed > deadline)
                {
                    this.timedOut = true;
                    return false;
                }

                List<WalkEntry> batch = files.GetRange(i, Math.Min(64, files.Count - i));
                var results = new List<JsonObject>?[batch.Count];
                if (batch.Count >= ParallelThreshold)
                {
                    try
                    {
                        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, k => results[k] = this.SearchOne(directory, batch[k]));
                    }
                    catch (AggregateException e) when (e.InnerExceptions.OfType<ToolException>().FirstOrDefault() is { } typed)
                    {
                        throw typed;
                    }
                }
                else
                {
                    for (int k = 0; k < batch.Count; k++)
                    {
                        results[k] = this.SearchOne(directory, batch[k]);
                    }
                }

                foreach (List<JsonObject>? found in results)
                {
                    if (found is not null)
                    {
                        this.Add(found);
                    }

                    if (this.truncated)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        public JsonElement ToResult() => ToolJson.ToElement(new JsonObject
        {
            ["matches"] = this.matches,
            ["truncated"] = this.truncated,
            ["timedOut"] = this.timedOut,
            ["filesSearched"] = this.filesSearched,
        });

        private List<JsonObject>? SearchOne(DirectoryHandle directory, WalkEntry entry)
        {
            using SafeFileHandle? file = directory.TryOpenFile(entry.Name);
            return file is null ? null : SearchFile(file, entry.Path, this);
        }
    }
}
