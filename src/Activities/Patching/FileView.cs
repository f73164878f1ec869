using System.Text;
using Microsoft.Win32.SafeHandles;
using ScriptHarness.Activities.Files;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// The workspace as a patch sees it while it is planned: reads go to the disk once, then every
/// change is kept in memory, so later operations of the same patch see earlier ones and
/// nothing is written until the whole patch is known to apply.
/// </summary>
internal sealed class FileView(Workspace workspace)
{
    private readonly Dictionary<string, FileState> originals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileState> current = new(StringComparer.Ordinal);
    private readonly List<string> touched = [];

    public Workspace Workspace => workspace;

    /// <summary>The file's bytes now (null when it does not exist).</summary>
    public FileState Get(string path)
    {
        if (this.current.TryGetValue(path, out FileState? state))
        {
            return state;
        }

        FileState original = this.ReadDisk(path);
        this.originals[path] = original;
        this.current[path] = original;
        return original;
    }

    public void Set(string path, byte[]? content, UnixFileMode? mode)
    {
        this.Get(path);
        if (!this.touched.Contains(path))
        {
            this.touched.Add(path);
        }

        this.current[path] = new FileState(content, mode ?? this.current[path].Mode, IsDirectory: false);
    }

    /// <summary>The bytes of an existing file.</summary>
    public byte[] RequireFile(string path)
    {
        FileState state = this.Get(path);
        return state.IsDirectory
            ? throw ToolException.Failed(ToolErrorDetails.NotAFile, $"applyPatch: '{path}' is a directory.")
            : state.Content ?? throw ToolException.Failed(ToolErrorDetails.FileNotFound, $"applyPatch: '{path}' does not exist.");
    }

    /// <summary>The text of an existing file, refusing binary and non-UTF-8 files.</summary>
    public TextFile ReadText(string path)
    {
        byte[] content = this.RequireFile(path);
        string? text = FileContent.LooksBinary(content) ? null : TextDecoding.DecodeStrict(content);
        return text is null
            ? throw ToolException.Refused(ToolErrorDetails.BinaryFile, $"applyPatch: '{path}' is binary or not UTF-8 text; patches edit text files only.")
            : TextFile.Parse(text);
    }

    /// <summary>The files whose final state differs from the disk, in the order the patch touched them.</summary>
    public IEnumerable<(string Path, FileState Original, FileState Final)> Changes()
    {
        foreach (string path in this.touched)
        {
            FileState original = this.originals[path];
            FileState final = this.current[path];
            bool same = original.Content is null ? final.Content is null : final.Content is not null && original.Content.AsSpan().SequenceEqual(final.Content);
            if (!same)
            {
                yield return (path, original, final);
            }
        }
    }

    public static byte[] Encode(TextFile file) => Encoding.UTF8.GetBytes(file.Render());

    private FileState ReadDisk(string path)
    {
        try
        {
            using SafeFileHandle handle = workspace.OpenFileForRead(path);
            UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(handle);
            return new FileState(FileContent.ReadAll(handle, ReadFileTool.MaxFileBytes), mode, IsDirectory: false);
        }
        catch (ToolException e) when (e.Detail == ToolErrorDetails.FileNotFound)
        {
            return new FileState(null, null, IsDirectory: false);
        }
        catch (ToolException e) when (e.Detail == ToolErrorDetails.NotAFile)
        {
            return new FileState(null, null, IsDirectory: true);
        }
    }
}

/// <summary>A file's content (null: absent) and permissions.</summary>
internal sealed record FileState(byte[]? Content, UnixFileMode? Mode, bool IsDirectory)
{
    public bool Exists => this.Content is not null || this.IsDirectory;
}
