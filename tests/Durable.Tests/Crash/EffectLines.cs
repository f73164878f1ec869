namespace ScriptHarness.Tests.Durable.Crash;

/// <summary>
/// What the test worker's activities recorded: one line per effect (<c>start KEY PID</c>,
/// <c>done KEY PID</c>, <c>fault RULE PID</c>), one file per worker process in a shared folder.
/// </summary>
public sealed class EffectLines
{
    private readonly (string Kind, string Key, int Pid)[] lines;

    private EffectLines((string Kind, string Key, int Pid)[] lines) => this.lines = lines;

    /// <summary>Reads every process's file in the folder as it is now (missing folder: no lines).</summary>
    public static EffectLines Read(string folder)
    {
        var parsed = new List<(string, string, int)>();
        if (!Directory.Exists(folder))
        {
            return new EffectLines([]);
        }

        foreach (string path in Directory.EnumerateFiles(folder, "*.log"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                string[] parts = line.Split(' ');
                if (parts.Length == 3 && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out int pid))
                {
                    parsed.Add((parts[0], parts[1], pid));
                }
            }
        }

        return new EffectLines([.. parsed]);
    }

    /// <summary>How many times the activity with this key started.</summary>
    public int Starts(string key) => Count("start", key);

    /// <summary>How many times the activity with this key completed its effect.</summary>
    public int Dones(string key) => Count("done", key);

    /// <summary>Number of <c>done</c> lines over all keys.</summary>
    public int TotalDones => lines.Count(l => l.Kind == "done");

    /// <summary>The process ids that completed the activity with this key.</summary>
    public IReadOnlyList<int> DonePids(string key) => lines.Where(l => l.Kind == "done" && l.Key == key).Select(l => l.Pid).ToArray();

    /// <summary>The process ids that started the activity with this key.</summary>
    public IReadOnlyList<int> StartPids(string key) => lines.Where(l => l.Kind == "start" && l.Key == key).Select(l => l.Pid).ToArray();

    /// <summary>The instances whose orchestration this process began to checkpoint (recorded with <c>recordCheckpoints</c>).</summary>
    public IReadOnlySet<string> CheckpointedBy(int pid) =>
        lines.Where(l => l.Kind == "checkpoint" && l.Pid == pid).Select(l => l.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The fault rules that fired, with the process they fired in.</summary>
    public IReadOnlyList<(string Rule, int Pid)> Faults => lines.Where(l => l.Kind == "fault").Select(l => (l.Key, l.Pid)).ToArray();

    /// <summary>Number of keys with at least one <c>done</c> line.</summary>
    public int DistinctDones => lines.Where(l => l.Kind == "done").Select(l => l.Key).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Keys completed more than once.</summary>
    public IReadOnlyList<string> KeysDoneMoreThanOnce =>
        lines.Where(l => l.Kind == "done").GroupBy(l => l.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();

    private int Count(string kind, string key) => lines.Count(l => l.Kind == kind && l.Key == key);
}
