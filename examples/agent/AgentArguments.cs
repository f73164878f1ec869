namespace ScriptHarness.Agent;

/// <summary>The command line: <c>[--workspace DIR] [--conversation FILE] [--store FILE] [--approve | --deny] [PROMPT...]</c>.</summary>
internal sealed record AgentArguments(string Workspace, string Conversation, string Store, string? Prompt, bool? Approve)
{
    public const string Usage = "usage: agent [--workspace DIR] [--conversation FILE] [--store FILE] [--approve | --deny] [PROMPT...]";

    /// <summary>Reads the arguments; null when they make no sense (the caller prints <see cref="Usage"/>).</summary>
    public static AgentArguments? Parse(string[] args)
    {
        string workspace = Directory.GetCurrentDirectory();
        string conversation = Path.Combine(".scriptharness", "agent-conversation.json");
        string store = Path.Combine(".scriptharness", "agent.db");
        bool? approve = null;
        List<string> prompt = [];
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--workspace" when i + 1 < args.Length:
                    workspace = args[++i];
                    break;
                case "--conversation" when i + 1 < args.Length:
                    conversation = args[++i];
                    break;
                case "--store" when i + 1 < args.Length:
                    store = args[++i];
                    break;
                case "--approve" when approve is null:
                    approve = true;
                    break;
                case "--deny" when approve is null:
                    approve = false;
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        return null;
                    }

                    prompt.Add(args[i]);
                    break;
            }
        }

        return new AgentArguments(Path.GetFullPath(workspace), Path.GetFullPath(conversation), Path.GetFullPath(store), prompt.Count > 0 ? string.Join(' ', prompt) : null, approve);
    }
}
