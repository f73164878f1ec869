namespace ScriptHarness.Activities.Patching;

/// <summary>One file operation of a parsed patch.</summary>
/// <param name="Path">The file, as written in the patch.</param>
/// <param name="PatchLine">1-based line of the operation's header in the patch.</param>
internal abstract record PatchOperation(string Path, int PatchLine);

/// <summary><c>*** Add File:</c> with the new file's lines.</summary>
internal sealed record AddFileOperation(string Path, int PatchLine, IReadOnlyList<string> Lines) : PatchOperation(Path, PatchLine);

/// <summary><c>*** Delete File:</c>.</summary>
internal sealed record DeleteFileOperation(string Path, int PatchLine) : PatchOperation(Path, PatchLine);

/// <summary><c>*** Update File:</c> with optional <c>*** Move to:</c> and its hunks.</summary>
internal sealed record UpdateFileOperation(string Path, int PatchLine, string? MoveTo, IReadOnlyList<PatchHunk> Hunks) : PatchOperation(Path, PatchLine);

/// <summary>
/// One <c>@@</c> hunk: anchor lines named after <c>@@</c> (searched first, in order), the lines
/// the hunk expects (context and removed) and the lines it leaves (context and added).
/// </summary>
/// <param name="Anchors">Lines named after <c>@@</c>.</param>
/// <param name="OldLines">Context and removed lines.</param>
/// <param name="NewLines">Context and added lines.</param>
/// <param name="Kinds">Per hunk line: ' ' context, '-' removed, '+' added (context keeps the file's own text).</param>
/// <param name="EndOfFile">The hunk ends at the end of the file.</param>
/// <param name="PatchLine">1-based line of the hunk in the patch.</param>
internal sealed record PatchHunk(IReadOnlyList<string> Anchors, IReadOnlyList<string> OldLines, IReadOnlyList<string> NewLines, IReadOnlyList<char> Kinds, bool EndOfFile, int PatchLine);
