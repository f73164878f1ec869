namespace ScriptHarness.Tests.Activities.Support;

/// <summary>
/// Finds processes from the host's side by a unique marker in their command line: a pid that a
/// sandboxed command prints is a pid of its own namespace and means nothing out here.
/// </summary>
internal static class HostProcesses
{
    /// <summary>A fractional <c>sleep</c> duration no other process uses, e.g. <c>3000.123456789</c>.</summary>
    public static string UniqueSleepSeconds() => "3000." + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether a live (not zombie) process has <paramref name="marker"/> in its command line.</summary>
    public static bool AnyAlive(string marker) => LivePid(marker) is not null;

    /// <summary>The pid of a live (not zombie) process with <paramref name="marker"/> in its command line, if any.</summary>
    public static int? LivePid(string marker)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (!stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>Waits (up to 10 s: SIGKILL is delivered asynchronously on a loaded machine) until no process has the marker.</summary>
    public static async Task<bool> GoneSoon(string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (AnyAlive(marker))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Waits up to 30 s for <paramref name="condition"/>; fails the test otherwise.</summary>
    public static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 30 s");
            await Task.Delay(20);
        }
    }
}
