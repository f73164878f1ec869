namespace ScriptHarness.Activities.Patching;

/// <summary>What a patch does, worked out in memory before anything is written.</summary>
internal sealed class PatchPlan
{
    public List<string> Added { get; } = [];

    public List<string> Modified { get; } = [];

    public List<string> Deleted { get; } = [];

    public List<(string From, string To)> Moved { get; } = [];

    /// <summary>Files whose operation was found already done (a retry of a patch that was applied).</summary>
    public List<string> AlreadyApplied { get; } = [];

    public InversePatchWriter Inverse { get; } = new();

    /// <summary>Operations that change something now.</summary>
    public int Fresh { get; set; }

    /// <summary>Operations positively recognised as done before (an added file with the same content, an applied hunk).</summary>
    public int ProvenApplied { get; set; }

    /// <summary>Deletes of files that are not there: fine on a retry, an error otherwise.</summary>
    public List<DeleteFileOperation> MissingDeletes { get; } = [];
}
