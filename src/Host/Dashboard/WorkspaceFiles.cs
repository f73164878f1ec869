using Microsoft.Win32.SafeHandles;
using ScriptHarness.Activities.Workspaces;

namespace ScriptHarness.Host.Dashboard;

/// <summary>
/// Reads a workspace file to show a patch against it, with the tools' own confinement: the path
/// is resolved by <see cref="Workspace.Resolve"/> (no absolute path, no <c>..</c> out), and the
/// file actually opened must lie under the workspace's real root (a link pointing out is not read).
/// </summary>
internal static class WorkspaceFiles
{
    private const long MaxBytes = 1024 * 1024;

    /// <summary>The file's lines, or null when it cannot be shown (missing, outside, too large, not text).</summary>
    public static IReadOnlyList<string>? ReadLines(string? workspace, string path)
    {
        if (string.IsNullOrEmpty(workspace) || !OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            using Workspace ws = Workspace.Open(workspace);
            string relative = ws.Resolve(path);
            if (relative.Length == 0)
            {
                return null;
            }

            using SafeFileHandle handle = File.OpenHandle(ws.FullPath(relative), FileMode.Open, FileAccess.Read);
            string? real = new FileInfo("/proc/self/fd/" + handle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget;
            long length = RandomAccess.GetLength(handle);
            if (real is null || !real.StartsWith(ws.Root + "/", StringComparison.Ordinal) || length > MaxBytes)
            {
                return null;
            }

            byte[] bytes = new byte[length];
            int read = RandomAccess.Read(handle, bytes, 0);
            string text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, read);
            return text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n') is var lines && lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or System.Text.DecoderFallbackException or ScriptHarness.Activities.Tools.ToolException)
        {
            return null;
        }
    }
}
