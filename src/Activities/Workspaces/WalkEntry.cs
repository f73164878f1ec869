namespace ScriptHarness.Activities.Workspaces;

/// <summary>One entry met by <see cref="WorkspaceWalker"/>.</summary>
/// <param name="Path">Workspace-relative path with <c>/</c> separators.</param>
/// <param name="Name">The last component.</param>
/// <param name="Type">File, directory or link.</param>
/// <param name="Size">Size in bytes for files, 0 otherwise.</param>
/// <param name="Depth">1 for entries of the start directory.</param>
internal readonly record struct WalkEntry(string Path, string Name, EntryType Type, long Size, int Depth);
