using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ScriptHarness.Agent;

/// <summary>
/// The conversation on disk, as Microsoft.Extensions.AI serializes it. It is all the agent keeps
/// between processes: a paused run lives in the harness's store, and the approval requests in the
/// conversation name it.
/// </summary>
internal static class ConversationFile
{
    public static List<ChatMessage> Load(string path) =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<List<ChatMessage>>(File.ReadAllText(path), AIJsonUtilities.DefaultOptions) ?? []
            : [];

    public static void Save(string path, List<ChatMessage> conversation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(conversation, AIJsonUtilities.DefaultOptions));
        File.Move(temporary, path, overwrite: true);
    }
}
