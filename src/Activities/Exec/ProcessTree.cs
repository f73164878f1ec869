using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ScriptHarness.Activities.Exec;

/// <summary>Kills a command and everything it started.</summary>
internal static partial class ProcessTree
{
    private const int SigKill = 9;

    /// <summary>
    /// Kills the process group led by <paramref name="process"/> (when it was started as a session
    /// leader) and then every descendant still found by walking the process tree, which catches
    /// children that moved to a group of their own.
    /// </summary>
    public static void Kill(Process process, bool ownGroup)
    {
        int pid;
        try
        {
            pid = process.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (ownGroup)
        {
            _ = KillSignal(-pid, SigKill);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Raced with its exit.
        }
    }

    /// <summary>Kills what is left of the group after the leader exited (background children holding the pipes).</summary>
    public static void KillGroup(int pid) => _ = KillSignal(-pid, SigKill);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillSignal(int pid, int signal);
}
