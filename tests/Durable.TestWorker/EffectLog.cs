using System.Text;

namespace ScriptHarness.Tests.Durable.TestWorker;

/// <summary>
/// Appends one line per effect (<c>start KEY PID</c>, <c>done KEY PID</c>, <c>fault RULE PID</c>) to
/// this process's own file in a folder that every worker process of a test shares (one writer
/// per file: .NET's FileStream writes at its own cached offset, so processes appending to one
/// file would overwrite each other). Each line is written through to the OS, and with fsync
/// to disk, before the activity returns, so a line written before a SIGKILL is there afterwards.
/// </summary>
public sealed class EffectLog : IDisposable
{
    private readonly FileStream stream;
    private readonly bool fsync;
    private readonly Lock gate = new();

    /// <summary>Creates <c>{folder}/{pid}.log</c> for appending.</summary>
    public EffectLog(string folder, bool fsync)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{Environment.ProcessId}.log");
        stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        this.fsync = fsync;
    }

    /// <summary>Appends <c>kind key pid</c> and flushes it.</summary>
    public void Append(string kind, string key)
    {
        byte[] line = Encoding.UTF8.GetBytes($"{kind} {key} {Environment.ProcessId}\n");
        lock (gate)
        {
            stream.Write(line);
            stream.Flush(flushToDisk: fsync);
        }
    }

    /// <inheritdoc />
    public void Dispose() => stream.Dispose();
}
