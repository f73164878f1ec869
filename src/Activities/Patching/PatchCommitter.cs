using System.Globalization;
using Microsoft.Win32.SafeHandles;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// Writes a planned patch as close to all-or-nothing as a file system allows: every new content
/// is first written (and flushed) to a temporary file beside its target; only when all are
/// written are they renamed over their targets (each rename atomic), and deletions come last.
/// A failure while staging removes the temporary files and leaves the workspace untouched; a
/// failure while renaming or deleting puts back what was already replaced, from the originals
/// held in memory. A crash between renames can leave part of the patch applied: a retry then
/// finds those files already patched and applies the rest.
/// </summary>
internal static class PatchCommitter
{
    private const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Commit(Workspace workspace, IReadOnlyList<(string Path, FileState Original, FileState Final)> changes)
    {
        // Before anything is created: a refused write must leave no new directory behind.
        foreach ((string path, _, _) in changes)
        {
            GitMetadataGuard.Check(workspace, path);
        }

        var staged = new List<Staged>();
        try
        {
            foreach ((string path, FileState original, FileState final) in changes)
            {
                if (final.Content is not null)
                {
                    staged.Add(Stage(workspace, path, final.Content, final.Mode ?? original.Mode ?? DefaultMode, original));
                }
            }
        }
        catch
        {
            Discard(staged);
            foreach (Staged item in staged)
            {
                item.Directory.Dispose();
            }

            throw;
        }

        var done = new List<Staged>();
        try
        {
            foreach (Staged item in staged)
            {
                item.Directory.Rename(item.TempName, item.Directory, item.Name);
                done.Add(item);
            }

            foreach ((string path, FileState original, FileState final) in changes)
            {
                if (final.Content is null && original.Content is not null)
                {
                    DirectoryHandle directory = workspace.OpenParent(path, create: false, out string name);
                    var removal = new Staged(directory, name, TempName: string.Empty, path, original);
                    directory.Unlink(name);
                    done.Add(removal);
                }
            }
        }
        catch (ToolException)
        {
            RollBack(done);
            Discard(staged.Except(done).ToList());
            throw;
        }
        finally
        {
            foreach (Staged item in staged.Concat(done).Distinct())
            {
                item.Directory.Dispose();
            }
        }
    }

    private static Staged Stage(Workspace workspace, string path, byte[] content, UnixFileMode mode, FileState original)
    {
        DirectoryHandle directory = workspace.OpenParent(path, create: true, out string name);
        try
        {
            GitMetadataGuard.Check(workspace, path, directory);
            string temp = "." + name + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12] + ".patch-tmp";
            using (SafeFileHandle file = directory.CreateNew(temp, mode))
            {
                using var stream = new FileStream(file, FileAccess.Write, bufferSize: 0);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
                if (!OperatingSystem.IsWindows())
                {
                    // The mode given at creation is reduced by the umask; an edited file keeps its own.
                    File.SetUnixFileMode(file, mode);
                }
            }

            return new Staged(directory, name, temp, path, original);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private static void Discard(List<Staged> staged)
    {
        foreach (Staged item in staged)
        {
            try
            {
                item.Directory.Unlink(item.TempName);
            }
            catch (ToolException)
            {
                // Best effort: a leftover temporary file is harmless.
            }
        }
    }

    private static void RollBack(List<Staged> done)
    {
        for (int i = done.Count - 1; i >= 0; i--)
        {
            Staged item = done[i];
            try
            {
                if (item.Original.Content is null)
                {
                    item.Directory.Unlink(item.Name);
                    continue;
                }

                string temp = "." + item.Name + ".rollback-tmp";
                item.Directory.Unlink(temp);
                using (SafeFileHandle file = item.Directory.CreateNew(temp, item.Original.Mode ?? DefaultMode))
                {
                    RandomAccess.Write(file, item.Original.Content, 0);
                }

                item.Directory.Rename(temp, item.Directory, item.Name);
            }
            catch (ToolException)
            {
                // Best effort: keep restoring the others.
            }
        }
    }

    private sealed record Staged(DirectoryHandle Directory, string Name, string TempName, string Path, FileState Original);
}
