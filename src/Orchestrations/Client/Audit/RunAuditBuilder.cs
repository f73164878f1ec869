using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Orchestrations.Client.Audit;

/// <summary>
/// Reads a run's history into its <see cref="RunAudit"/>. The history is the source: a tool's
/// activity (its input names the call) is <c>ran</c> and its completion <c>finished</c>; an
/// <c>approval-{n}</c> event is <c>decided</c>, a <c>result-{n}</c> event <c>answered</c>; under
/// contract 2 the <c>ScriptHarness.CallAwaitingDecision</c> activity is <c>asked</c>. A contract-1
/// run recorded no such event: its asked moments are inferred from the expiry timers (each
/// fires the run's approval expiry after its question was asked; the timers are matched in order
/// to the calls the policy asked about) and marked <see cref="AuditEntry.Inferred"/>.
/// </summary>
internal static class RunAuditBuilder
{
    private const int ErrorLength = 500;

    public static RunAudit Build(string runId, IReadOnlyList<DurableHistoryEvent> history)
    {
        List<AuditEntry> entries = [];
        Dictionary<int, (int CallId, string Tool)> tools = [];
        Dictionary<int, string> notices = [];
        Dictionary<int, DateTimeOffset> askedExpiry = [];
        List<DateTimeOffset> timers = [];
        int? contract = null;
        TimeSpan expiry = TimeSpan.Zero;
        bool started = false;
        foreach (DurableHistoryEvent e in history)
        {
            switch (e.Type)
            {
                case "executionStarted" when !started:
                    started = true;
                    contract = ReplayContract.Of(e.Version);
                    expiry = ReadExpiry(e.Input);
                    entries.Add(new AuditEntry(e.Timestamp, AuditKind.Started));
                    break;
                case "taskScheduled" when e.Name == CallAwaitingDecisionActivity.Name:
                    int asked = Int(e.Input, "CallId") ?? -1;
                    DateTimeOffset? expires = Time(e.Input, "ExpiresAt");
                    if (expires is { } at)
                    {
                        askedExpiry[asked] = at;
                    }

                    notices[e.EventId] = NotificationEvents.AwaitingApproval;
                    entries.Add(new AuditEntry(e.Timestamp, AuditKind.Asked) { CallId = asked, Tool = Text(e.Input, "Tool"), Reason = Text(e.Input, "Reason"), ExpiresAt = expires });
                    break;
                case "taskScheduled" when e.Name == RunFinishedActivity.Name:
                    notices[e.EventId] = NotificationEvents.RunFinished;
                    break;
                case "taskScheduled" when e.Name != CancelToolCallsActivity.Name && Int(e.Input, "CallSeq") is int callId:
                    tools[e.EventId] = (callId, e.Name ?? string.Empty);
                    entries.Add(new AuditEntry(e.Timestamp, AuditKind.Ran) { CallId = callId, Tool = e.Name });
                    break;
                case "taskCompleted" or "taskFailed" when e.TaskScheduledId is int id && tools.TryGetValue(id, out var call):
                    entries.Add(new AuditEntry(e.Timestamp, AuditKind.Finished)
                    {
                        CallId = call.CallId,
                        Tool = call.Tool,
                        Outcome = e.Type == "taskCompleted" ? "completed" : "failed",
                        Error = e.Failure is { } failure ? Cut(failure.ErrorMessage) : null,
                    });
                    break;
                case "taskCompleted" when e.TaskScheduledId is int id && notices.TryGetValue(id, out string? notice) && e.Output is JsonArray { Count: > 0 } deliveries:
                    int delivered = deliveries.Count(d => d?["Delivered"]?.GetValueKind() == JsonValueKind.True || d?["delivered"]?.GetValueKind() == JsonValueKind.True);
                    entries.Add(new AuditEntry(e.Timestamp, AuditKind.Notified)
                    {
                        Reason = notice,
                        Outcome = string.Create(CultureInfo.InvariantCulture, $"{delivered}/{deliveries.Count} delivered"),
                    });
                    break;
                case "timerCreated" when e.FireAt is { } fireAt:
                    timers.Add(fireAt);
                    break;
                case "eventRaised" when CallOf(e.Name, "approval-") is int decided:
                    entries.Add(Decision(e.Timestamp, decided, e.Payload));
                    break;
                case "eventRaised" when CallOf(e.Name, "result-") is int answered:
                    entries.Add(new AuditEntry(e.Timestamp, AuditKind.Answered) { CallId = answered, DecidedBy = Text(e.Payload, "DecidedBy") });
                    break;
                case "executionCompleted":
                    AddFromOutput(entries, e, askedExpiry);
                    break;
                case "executionTerminated":
                    entries.Add(new AuditEntry(e.Timestamp, AuditKind.RunFinished) { Outcome = "Terminated", Reason = e.Reason });
                    break;
                default:
                    break;
            }
        }

        if (contract is < 2 && expiry > TimeSpan.Zero)
        {
            InferAsked(entries, timers, expiry, history);
        }

        return new RunAudit(runId, contract, [.. entries.OrderBy(x => x.At)]);
    }

    /// <summary>Contract 1: each expiry timer fires the expiry after its question; match them in order to the calls that asked.</summary>
    private static void InferAsked(List<AuditEntry> entries, List<DateTimeOffset> timers, TimeSpan expiry, IReadOnlyList<DurableHistoryEvent> history)
    {
        SortedSet<int> askedCalls = [];
        if (history.LastOrDefault(h => h.Type == "executionCompleted")?.Output?["Approvals"] is JsonArray approvals)
        {
            foreach (JsonNode? approval in approvals)
            {
                if (Text(approval, "Policy") is { } policy && policy.Equals("ask", StringComparison.OrdinalIgnoreCase) && Int(approval, "CallId") is int id)
                {
                    askedCalls.Add(id);
                }
            }
        }

        foreach (AuditEntry decided in entries.Where(x => x.Kind == AuditKind.Decided && x.ViaCall is null && x.CallId is not null))
        {
            askedCalls.Add(decided.CallId!.Value);
        }

        List<int> ordered = [.. askedCalls];
        for (int i = 0; i < timers.Count; i++)
        {
            entries.Add(new AuditEntry(timers[i] - expiry, AuditKind.Asked)
            {
                CallId = i < ordered.Count ? ordered[i] : null,
                ExpiresAt = timers[i],
                Inferred = true,
            });
        }
    }

    private static void AddFromOutput(List<AuditEntry> entries, DurableHistoryEvent e, Dictionary<int, DateTimeOffset> askedExpiry)
    {
        if (e.Output?["Approvals"] is JsonArray approvals)
        {
            foreach (JsonNode? approval in approvals)
            {
                int? callId = Int(approval, "CallId");
                if (callId is null)
                {
                    continue;
                }

                if (Bool(approval, "Expired"))
                {
                    DateTimeOffset at = askedExpiry.TryGetValue(callId.Value, out DateTimeOffset expires) && expires <= e.Timestamp ? expires : e.Timestamp;
                    entries.Add(new AuditEntry(at, AuditKind.Expired) { CallId = callId, Tool = Text(approval, "Tool") });
                }
                else if (Int(approval, "DecidedViaCall") is int via && Node(approval, "Decision") is { } decision &&
                    entries.LastOrDefault(x => x.Kind == AuditKind.Decided && x.CallId == via && x.ViaCall is null) is { } grant)
                {
                    entries.Add(Decision(grant.At, callId.Value, decision) with { ViaCall = via, Tool = Text(approval, "Tool") });
                }
            }
        }

        string status = e.Status == "Completed" && Text(Node(e.Output, "Report"), "Status") is { } report ? report : e.Status ?? "unknown";
        entries.Add(new AuditEntry(e.Timestamp, AuditKind.RunFinished)
        {
            Outcome = status,
            Error = e.Failure is { } failure ? Cut(failure.ErrorMessage) : Text(Node(Node(e.Output, "Report"), "Error"), "Message") is { } message ? Cut(message) : null,
        });
    }

    private static AuditEntry Decision(DateTimeOffset at, int callId, JsonNode? payload) => new(at, AuditKind.Decided)
    {
        CallId = callId,
        Verdict = Lower(Text(payload, "Verdict")),
        Scope = Lower(Text(payload, "Scope")) ?? "call",
        DecidedBy = Text(payload, "DecidedBy"),
        KeyId = Text(payload, "KeyId"),
        Reason = Text(payload, "Reason"),
    };

    private static int? CallOf(string? eventName, string prefix) =>
        eventName is not null && eventName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) &&
        int.TryParse(eventName.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;

    private static TimeSpan ReadExpiry(JsonNode? input) =>
        Text(input, "ApprovalExpiry") is { } text && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan expiry) ? expiry : TimeSpan.Zero;

    /// <summary>A property read whatever the casing the framework's serializer chose.</summary>
    private static JsonNode? Node(JsonNode? node, string name)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        foreach ((string key, JsonNode? value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static string? Text(JsonNode? node, string name) =>
        Node(node, name) is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : null;

    private static int? Int(JsonNode? node, string name) =>
        Node(node, name) is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int number) ? number : null;

    private static bool Bool(JsonNode? node, string name) => Node(node, name)?.GetValueKind() == JsonValueKind.True;

    private static DateTimeOffset? Time(JsonNode? node, string name) =>
        Text(node, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at) ? at : null;

    private static string? Lower(string? text) => text?.ToLowerInvariant();

    private static string Cut(string text) => text.Length <= ErrorLength ? text : string.Concat(text.AsSpan(0, ErrorLength), "…");
}
