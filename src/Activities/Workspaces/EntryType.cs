namespace ScriptHarness.Activities.Workspaces;

/// <summary>What a directory entry is (links are reported, never followed by walks).</summary>
internal enum EntryType
{
    File,
    Directory,
    Symlink,

    /// <summary>A pipe, socket or device.</summary>
    Other,
}
