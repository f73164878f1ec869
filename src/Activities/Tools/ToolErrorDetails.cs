namespace ScriptHarness.Activities.Tools;

/// <summary>Stable detail codes of tool errors (<see cref="ScriptRuntime.Errors.ScriptError.Detail"/>).</summary>
public static class ToolErrorDetails
{
    /// <summary>The workspace directory does not exist on this worker.</summary>
    public const string WorkspaceMissing = "workspace-missing";

    /// <summary>The path is absolute, climbs out with <c>..</c>, or resolves outside through a symbolic link.</summary>
    public const string PathOutsideWorkspace = "path-outside-workspace";

    /// <summary>The file or directory does not exist.</summary>
    public const string FileNotFound = "file-not-found";

    /// <summary>A file was expected and something else (a directory) was found.</summary>
    public const string NotAFile = "not-a-file";

    /// <summary>A directory was expected and something else was found.</summary>
    public const string NotADirectory = "not-a-directory";

    /// <summary>The file is binary; its content is not returned.</summary>
    public const string BinaryFile = "binary-file";

    /// <summary>The file is larger than the tool reads.</summary>
    public const string FileTooLarge = "file-too-large";

    /// <summary>A file to add, or the destination of a move, already exists.</summary>
    public const string FileExists = "file-exists";

    /// <summary>
    /// A write would land in git metadata (a <c>.git</c> directory) through a symbolic link, while
    /// the path as written names none: the approval policy judged the path as written.
    /// </summary>
    public const string GitMetadataThroughLink = "git-metadata-through-link";

    /// <summary>The patch text is not in the <c>*** Begin Patch</c> format.</summary>
    public const string PatchInvalid = "patch-invalid";

    /// <summary>The patch has no file operation.</summary>
    public const string PatchEmpty = "patch-empty";

    /// <summary>A hunk's context or removed lines were not found in the file.</summary>
    public const string PatchContextNotFound = "patch-context-not-found";

    /// <summary>
    /// A file was not in the state the patch expected (applyPatch's <c>expect</c>): it changed
    /// since that state was recorded. Nothing was written.
    /// </summary>
    public const string PatchConflict = "patch-conflict";

    /// <summary>A required argument is missing.</summary>
    public const string MissingArgument = "missing-argument";

    /// <summary>An argument has the wrong type or is out of range.</summary>
    public const string InvalidArgument = "invalid-argument";

    /// <summary>An argument the tool does not know was passed.</summary>
    public const string UnknownArgument = "unknown-argument";

    /// <summary>No tool of that name is registered.</summary>
    public const string UnknownTool = "unknown-tool";

    /// <summary>The regular expression does not parse.</summary>
    public const string InvalidRegex = "invalid-regex";

    /// <summary>The regular expression ran past its time budget.</summary>
    public const string RegexTimeout = "regex-timeout";

    /// <summary>The command could not be started.</summary>
    public const string ExecStartFailed = "exec-start-failed";

    /// <summary>
    /// exec's OS sandbox (bubblewrap) is missing or cannot create its namespaces on this worker;
    /// the command was not run. Fix: install bubblewrap, or run unsandboxed on purpose
    /// (<c>activities:exec:sandbox</c> <c>none</c> with the acknowledgement key).
    /// </summary>
    public const string SandboxUnavailable = "sandbox-unavailable";

    /// <summary>A host-resolved tool was called as if a worker ran it.</summary>
    public const string ExternalTool = "external-tool";

    /// <summary>The call was cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>A file system operation failed (permissions, disk full, ...).</summary>
    public const string IoError = "io-error";

    /// <summary>This platform cannot confine paths race-free (only Linux is supported).</summary>
    public const string ConfinementUnsupported = "confinement-unsupported";
}
