using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// The optimistic check of <c>applyPatch({expect})</c>: the SHA-256 each named file must have
/// before the patch applies (<see cref="Absent"/>: it must not exist), and the hashes a result
/// reports for the files it touched. A rollback passes the hashes the undone calls reported, so
/// a file changed since the run is a <c>patch-conflict</c> naming it, not a partial undo: the
/// inverse patch's three lines of context alone would miss a change elsewhere in the file.
/// </summary>
internal static class PatchExpectations
{
    /// <summary>The expected value of a file that must not exist.</summary>
    public const string Absent = "absent";

    /// <summary>The files whose state before the patch differs from <paramref name="expected"/> (workspace-relative paths), in the map's order.</summary>
    public static IReadOnlyList<string> Mismatches(FileView view, IReadOnlyDictionary<string, string> expected)
    {
        List<string> mismatched = [];
        foreach ((string given, string hash) in expected)
        {
            if (!string.Equals(hash, Absent, StringComparison.Ordinal) && (hash.Length != 64 || !hash.All(Uri.IsHexDigit)))
            {
                throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, $"applyPatch: expect['{given}'] must be a SHA-256 in hex or '{Absent}'.");
            }

            string path = view.Workspace.Resolve(given);
            if (!string.Equals(HashOf(view.Get(path)), hash, StringComparison.OrdinalIgnoreCase))
            {
                mismatched.Add(path);
            }
        }

        return mismatched;
    }

    /// <summary>The conflict error naming every file that changed.</summary>
    public static ToolException Conflict(IReadOnlyList<string> paths) =>
        ToolException.Refused(
            ToolErrorDetails.PatchConflict,
            $"applyPatch: {string.Join(", ", paths.Select(p => $"'{p}'"))} changed since the expected state was recorded; nothing was written.");

    /// <summary>The SHA-256 (lower-case hex) of each path's state now in the view, <see cref="Absent"/> for a missing file.</summary>
    public static JsonObject Hashes(FileView view, IEnumerable<string> paths)
    {
        JsonObject hashes = [];
        foreach (string path in paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            hashes[path] = HashOf(view.Get(path));
        }

        return hashes;
    }

    private static string HashOf(FileState state) =>
        state.Content is null ? Absent : Convert.ToHexStringLower(SHA256.HashData(state.Content));
}
