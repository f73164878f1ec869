using Microsoft.Extensions.AI;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Extensions.AI.Conversation;

/// <summary>
/// A conversation that ends where a turn paused: its last assistant message holds our approval
/// requests, and the messages after it may hold the answers. Everything needed to resume is in
/// the request ids (the run, hence the turn), so it works in any process that shares the store.
/// </summary>
/// <param name="TurnId">The paused turn.</param>
/// <param name="Answers">The answers given since, by run and call.</param>
internal sealed record Resumption(string TurnId, IReadOnlyList<(string RunId, int CallId, ToolApprovalResponseContent Answer)> Answers)
{
    /// <summary>The calls answered in the conversation, by run and call id.</summary>
    public ISet<(string RunId, int CallId)> Answered { get; } = Answers.Select(a => (a.RunId, a.CallId)).ToHashSet();

    public static Resumption? Find(IReadOnlyList<ChatMessage> history)
    {
        int last = -1;
        for (int i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == ChatRole.Assistant)
            {
                last = i;
                break;
            }
        }

        if (last < 0)
        {
            return null;
        }

        string? turnId = null;
        foreach (ToolApprovalRequestContent request in history[last].Contents.OfType<ToolApprovalRequestContent>())
        {
            if (ApprovalIds.TryParse(request.RequestId, out string runId, out _))
            {
                turnId = RunIds.TurnOf(runId);
            }
        }

        if (turnId is null)
        {
            return null;
        }

        List<(string, int, ToolApprovalResponseContent)> answers = [];
        for (int i = last + 1; i < history.Count; i++)
        {
            foreach (ToolApprovalResponseContent answer in history[i].Contents.OfType<ToolApprovalResponseContent>())
            {
                if (ApprovalIds.TryParse(answer.RequestId, out string runId, out int callId) && RunIds.TurnOf(runId) == turnId)
                {
                    answers.Add((runId, callId, answer));
                }
            }
        }

        return new Resumption(turnId, answers);
    }
}
