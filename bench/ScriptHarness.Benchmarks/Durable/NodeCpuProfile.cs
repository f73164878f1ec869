using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// A V8 CPU profile (<c>node --cpu-prof</c>, a <c>.cpuprofile</c> file) cut to a time window and
/// summarized: self time by area (a package under node_modules, a folder of Azurite's own
/// code, node's internals, the garbage collector) and the functions with the most self and
/// total time. The profile's timestamps are CLOCK_MONOTONIC microseconds on Linux, the clock of
/// <see cref="Stopwatch"/>, so the bench marks its windows with <see cref="NowMicroseconds"/>.
/// </summary>
internal sealed class NodeCpuProfile
{
    private readonly Dictionary<int, Node> nodes;
    private readonly int[] samples;
    private readonly long[] times;

    private NodeCpuProfile(Dictionary<int, Node> nodes, int[] samples, long[] times)
    {
        this.nodes = nodes;
        this.samples = samples;
        this.times = times;
    }

    /// <summary>Azurite's operations: its request handlers and its stores (the middleware around them is in every request).</summary>
    private static readonly string[] OperationFolders = ["/handlers/", "/persistence/"];

    /// <summary>Now, on the profile's clock.</summary>
    public static long NowMicroseconds() => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));

    public static NodeCpuProfile Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using JsonDocument document = JsonDocument.Parse(stream);
        JsonElement root = document.RootElement;
        Dictionary<int, Node> nodes = [];
        foreach (JsonElement node in root.GetProperty("nodes").EnumerateArray())
        {
            JsonElement frame = node.GetProperty("callFrame");
            int id = node.GetProperty("id").GetInt32();
            nodes[id] = new Node(frame.GetProperty("functionName").GetString() ?? "", frame.GetProperty("url").GetString() ?? "", frame.GetProperty("lineNumber").GetInt32() + 1);
        }

        foreach (JsonElement node in root.GetProperty("nodes").EnumerateArray())
        {
            if (node.TryGetProperty("children", out JsonElement children))
            {
                int id = node.GetProperty("id").GetInt32();
                foreach (JsonElement child in children.EnumerateArray())
                {
                    nodes[child.GetInt32()].Parent = id;
                }
            }
        }

        int[] samples = root.GetProperty("samples").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        long[] times = new long[samples.Length];
        long time = root.GetProperty("startTime").GetInt64();
        int i = 0;
        foreach (JsonElement delta in root.GetProperty("timeDeltas").EnumerateArray())
        {
            time += delta.GetInt64();
            times[i++] = time;
        }

        return new NodeCpuProfile(nodes, samples, times);
    }

    /// <summary>
    /// Writes the summary of the samples in [<paramref name="from"/>, <paramref name="to"/>)
    /// (profile clock): each entry's share of the thread's busy samples and that share of
    /// <paramref name="cpuPerUnit"/>, the process's CPU per unit of work measured from
    /// <c>/proc</c> over the same window (the sampler counts wall time, which a loaded machine
    /// stretches; the shares hold).
    /// </summary>
    public void Summarize(long from, long to, double cpuPerUnit, string unitName, int top, TextWriter output)
    {
        Dictionary<string, double> byArea = new(StringComparer.Ordinal);
        Dictionary<string, double> selfByFunction = new(StringComparer.Ordinal);
        Dictionary<string, double> totalByFunction = new(StringComparer.Ordinal);
        double busy = 0;
        double idle = 0;
        HashSet<string> seen = new(StringComparer.Ordinal);
        for (int s = 1; s < samples.Length; s++)
        {
            if (times[s] < from || times[s] >= to)
            {
                continue;
            }

            // A sample stands for the time since the one before.
            double ms = (times[s] - times[s - 1]) / 1000.0;
            Node leaf = nodes[samples[s]];
            if (leaf.FunctionName == "(idle)")
            {
                idle += ms;
                continue;
            }

            busy += ms;
            Add(byArea, AreaOf(leaf), ms);
            Add(selfByFunction, leaf.Describe(), ms);
            seen.Clear();
            for (int? id = samples[s]; id is int current; id = nodes[current].Parent)
            {
                Node node = nodes[current];
                if (node.FunctionName is not ("(root)" or "(program)") && seen.Add(node.Describe()))
                {
                    Add(totalByFunction, node.Describe(), ms);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Azurite's main thread in this window: {busy:F0} ms of busy samples, {idle:F0} ms idle; {cpuPerUnit:F2} ms of process CPU per {unitName} (/proc), split by the shares below."));
        output.WriteLine($"| self time by area | ms per {unitName} | share of busy |");
        output.WriteLine("|---|---|---|");
        foreach ((string area, double ms) in byArea.OrderByDescending(kv => kv.Value).Take(top))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {area} | {ms / busy * cpuPerUnit:F3} | {ms / busy:P0} |"));
        }

        output.WriteLine();
        output.WriteLine($"| function (self time) | ms per {unitName} | share of busy |");
        output.WriteLine("|---|---|---|");
        foreach ((string function, double ms) in selfByFunction.OrderByDescending(kv => kv.Value).Take(top))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {function} | {ms / busy * cpuPerUnit:F3} | {ms / busy:P0} |"));
        }

        output.WriteLine();
        output.WriteLine($"| Azurite handler or store function (total time, callees included) | ms per {unitName} | share of busy |");
        output.WriteLine("|---|---|---|");
        foreach ((string function, double ms) in totalByFunction.Where(kv => kv.Key.Contains("azurite/", StringComparison.Ordinal) && OperationFolders.Any(f => kv.Key.Contains(f, StringComparison.Ordinal))).OrderByDescending(kv => kv.Value).Take(top))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {function} | {ms / busy * cpuPerUnit:F3} | {ms / busy:P0} |"));
        }
    }

    private static void Add(Dictionary<string, double> into, string key, double ms) =>
        into[key] = into.GetValueOrDefault(key) + ms;

    /// <summary>
    /// Where a function lives: <c>azurite/queue/handlers</c> for Azurite's own code (two folders
    /// under its <c>dist/src</c>), the package name for other node_modules, <c>node:</c> and the
    /// first two path parts for node's internals, the pseudo-function for V8's own entries.
    /// </summary>
    private static string AreaOf(Node node)
    {
        string url = node.Url;
        if (url.Length == 0)
        {
            // writev and writeLatin1String are the socket writes of node's stream binding.
            return node.FunctionName.StartsWith('(') ? node.FunctionName : "native " + node.FunctionName;
        }

        if (url.StartsWith("node:", StringComparison.Ordinal))
        {
            string[] parts = url["node:".Length..].Split('/');
            return "node:" + string.Join('/', parts.Take(parts[0] == "internal" ? 2 : 1));
        }

        int modules = url.LastIndexOf("/node_modules/", StringComparison.Ordinal);
        if (modules < 0)
        {
            return Path.GetFileName(url);
        }

        string[] rest = url[(modules + "/node_modules/".Length)..].Split('/');
        string package = rest[0].StartsWith('@') && rest.Length > 1 ? rest[0] + "/" + rest[1] : rest[0];
        if (package == "azurite")
        {
            int src = Array.IndexOf(rest, "src");
            return "azurite/" + string.Join('/', rest.Skip(src + 1).Take(2).Select(p => p.EndsWith(".js", StringComparison.Ordinal) ? p[..^3] : p));
        }

        return package;
    }

    private sealed class Node(string functionName, string url, int line)
    {
        public string FunctionName { get; } = functionName;

        public string Url { get; } = url;

        public int? Parent { get; set; }

        private string? Described { get; set; }

        public string Describe() => Described ??= Build();

        private string Build()
        {
            if (Url.Length == 0)
            {
                return FunctionName;
            }

            int modules = Url.LastIndexOf("/node_modules/", StringComparison.Ordinal);
            string file = modules >= 0 ? Url[(modules + "/node_modules/".Length)..].Replace("azurite/dist/src/", "azurite/", StringComparison.Ordinal) : Url;
            return string.Create(CultureInfo.InvariantCulture, $"{(FunctionName.Length == 0 ? "(anonymous)" : FunctionName)} ({file}:{line})");
        }
    }
}
