using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Patching;

/// <summary>Works out a whole patch against a <see cref="FileView"/>; throws before anything is written if any part fails.</summary>
internal static class PatchPlanner
{
    public static PatchPlan Plan(FileView view, IReadOnlyList<PatchOperation> operations)
    {
        var plan = new PatchPlan();
        foreach (PatchOperation operation in operations)
        {
            switch (operation)
            {
                case AddFileOperation add:
                    PlanAdd(view, plan, add);
                    break;
                case DeleteFileOperation delete:
                    PlanDelete(view, plan, delete);
                    break;
                case UpdateFileOperation update:
                    PlanUpdate(view, plan, update);
                    break;
            }
        }

        // A delete of a missing file is only a retry when the rest of the patch proves it was
        // applied before and nothing else is left to do; otherwise it is a mistake.
        if (plan.MissingDeletes.Count > 0 && (plan.Fresh > 0 || plan.ProvenApplied == 0))
        {
            DeleteFileOperation first = plan.MissingDeletes[0];
            throw ToolException.Failed(ToolErrorDetails.FileNotFound, $"applyPatch: cannot delete '{first.Path}' (patch line {first.PatchLine}): it does not exist; check the path (a file to create needs '*** Add File:'). Nothing was written.");
        }

        return plan;
    }

    private static void PlanAdd(FileView view, PatchPlan plan, AddFileOperation add)
    {
        string path = view.Workspace.Resolve(add.Path);
        FileState state = view.Get(path);
        var file = TextFile.New(add.Lines);
        byte[] content = FileView.Encode(file);
        if (state.IsDirectory)
        {
            throw ToolException.Refused(ToolErrorDetails.FileExists, $"applyPatch: cannot add '{path}': a directory of that name exists.");
        }

        if (state.Content is not null)
        {
            if (!state.Content.AsSpan().SequenceEqual(content))
            {
                throw ToolException.Refused(ToolErrorDetails.FileExists, $"applyPatch: cannot add '{path}' (patch line {add.PatchLine}): it already exists, and applyPatch does not overwrite a file. Use '*** Update File: {add.Path}' to change it, or '*** Delete File: {add.Path}' before the Add File to replace it whole. Nothing was written.");
            }

            plan.AlreadyApplied.Add(path);
            plan.ProvenApplied++;
        }
        else
        {
            view.Set(path, content, mode: null);
            plan.Added.Add(path);
            plan.Fresh++;
        }

        plan.Inverse.DeleteOf(path);
    }

    private static void PlanDelete(FileView view, PatchPlan plan, DeleteFileOperation delete)
    {
        string path = view.Workspace.Resolve(delete.Path);
        FileState state = view.Get(path);
        if (state.IsDirectory)
        {
            throw ToolException.Refused(ToolErrorDetails.NotAFile, $"applyPatch: cannot delete '{path}' (patch line {delete.PatchLine}): it is a directory; Delete File removes files only. Nothing was written.");
        }

        if (state.Content is null)
        {
            plan.MissingDeletes.Add(delete with { Path = path });
            plan.AlreadyApplied.Add(path);
            plan.Inverse.Unavailable();
            return;
        }

        TextFile text = view.ReadText(path);
        view.Set(path, null, mode: null);
        plan.Deleted.Add(path);
        plan.Fresh++;
        plan.Inverse.AddOf(path, text.Lines);
    }

    private static readonly HunkApplier.Result Unchanged = new(TextFile.New([]), []);

    private static void PlanUpdate(FileView view, PatchPlan plan, UpdateFileOperation update)
    {
        string path = view.Workspace.Resolve(update.Path);
        string? destination = update.MoveTo is null ? null : view.Workspace.Resolve(update.MoveTo);
        if (destination == path)
        {
            destination = null;
        }

        FileState source = view.Get(path);
        bool pureMove = update.Hunks.Count == 0;
        if (source.Content is null && !source.IsDirectory && destination is not null && view.Get(destination).Content is not null)
        {
            // The move happened before: the hunks must all be found applied at the destination.
            HunkApplier.Result moved = pureMove ? Unchanged : HunkApplier.Apply(view.ReadText(destination), update.Hunks, destination);
            if (moved.Fresh == 0)
            {
                plan.AlreadyApplied.Add(destination);
                plan.ProvenApplied++;
                plan.Inverse.UpdateOf(destination, path, moved.File.Lines, moved.Changes);
                return;
            }
        }

        // A pure move keeps the bytes exactly (binary files too); an edit re-renders the lines
        // with the file's own conventions.
        if (source.Content is null && !source.IsDirectory)
        {
            // Codex leaves the operations before this one applied; we write nothing, and say so.
            throw ToolException.Failed(ToolErrorDetails.FileNotFound, $"applyPatch: cannot update '{path}' (patch line {update.PatchLine}): it does not exist. To create it, use '*** Add File: {update.Path}' with every line as '+'. Nothing was written.");
        }

        byte[] original = view.RequireFile(path);
        HunkApplier.Result result = pureMove ? Unchanged : HunkApplier.Apply(view.ReadText(path), update.Hunks, path);
        byte[] content = pureMove ? original : FileView.Encode(result.File);
        if (destination is not null)
        {
            FileState target = view.Get(destination);
            if (target.Exists)
            {
                throw ToolException.Refused(ToolErrorDetails.FileExists, $"applyPatch: cannot move '{path}' to '{destination}' (patch line {update.PatchLine}): the destination exists, and applyPatch does not overwrite a file. Add '*** Delete File: {update.MoveTo}' before this operation to replace it, or choose another name. Nothing was written.");
            }

            view.Set(destination, content, source.Mode);
            view.Set(path, null, mode: null);
            plan.Moved.Add((path, destination));
            plan.Fresh++;
        }
        else if (result.Fresh > 0)
        {
            view.Set(path, content, source.Mode);
            plan.Modified.Add(path);
            plan.Fresh++;
        }
        else
        {
            plan.AlreadyApplied.Add(path);
            plan.ProvenApplied += result.Already > 0 ? 1 : 0;
        }

        plan.Inverse.UpdateOf(destination ?? path, destination is null ? null : path, result.File.Lines, result.Changes);
    }
}
