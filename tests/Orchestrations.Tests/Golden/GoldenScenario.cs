using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Activities.DurableActivities;
using Microsoft.DurableTask;

namespace ScriptHarness.Tests.Orchestrations.Golden;

/// <summary>
/// One fixed script (or turn of scripts) whose action sequence is kept in a golden file: the
/// events the scenario delivers, in order, and whether they go before pending activities.
/// </summary>
internal sealed record GoldenScenario(string Name, IReadOnlyList<string> Scripts)
{
    public IReadOnlyList<(string Name, object? Payload)> Events { get; init; } = [];

    public bool EventsFirst { get; init; }

    public FeatureMode Mode { get; init; } = FeatureMode.Enabled;

    /// <summary>The run's notifications (host.json <c>notifications</c>); none by default.</summary>
    public RunNotifications? Notifications { get; init; }
    /// <summary>For a continued run: the earlier run's completed calls it may reuse.</summary>
    public RunContinuation? Continuation { get; init; }

    /// <summary>The retry policies the run pinned when it started; none by default.</summary>
    public IReadOnlyDictionary<string, ToolRetryPolicy>? Retries { get; init; }

    public bool IsTurn => this.Scripts.Count > 1;

    public override string ToString() => this.Name;

    /// <summary>What each fake activity answers: <c>add</c> its sum, every other tool <c>{ ok: true, seq }</c>.</summary>
    public static object? ActivityResult(string activity, JsonNode? input, int attempt)
    {
        if (activity == "flaky" && attempt <= ((input as JsonObject)?["Args"]?["fail"]?.GetValue<int>() ?? 0))
        {
            // A typed, transient tool error, as ToolActivity reports it.
            ScriptError error = ScriptError.Create(ScriptErrorCode.ToolFailed, $"flaky attempt {attempt} failed") with { Detail = "io-error" };
            return new TaskFailureDetails(ToolActivityException.ErrorTypeName, JsonSerializer.Serialize(error), null, null, null);
        }

        JsonNode? args = (input as JsonObject)?["Args"];
        int seq = (input as JsonObject)?["CallSeq"]?.GetValue<int>() ?? 0;
        return activity switch
        {
            "add" => JsonSerializer.SerializeToElement(new { sum = args!["a"]!.GetValue<double>() + args["b"]!.GetValue<double>() }),
            "ScriptHarness.CancelToolCalls" => 1,
            "ScriptHarness.CallAwaitingDecision" or "ScriptHarness.RunFinished" => Array.Empty<object>(),
            _ => JsonSerializer.SerializeToElement(new { ok = true, seq }),
        };
    }

    public static ApprovalDecision Approve(DecisionScope scope = DecisionScope.Call) => new(DecisionVerdict.Approve, scope, DecidedBy: "golden");

    public static ApprovalDecision Deny() => new(DecisionVerdict.Deny, Reason: "not today", DecidedBy: "golden");

    /// <summary>The fixed set. Adding one is fine (record its golden file); changing one's sequence is a contract change.</summary>
    public static IReadOnlyList<GoldenScenario> All { get; } =
    [
        new("plain-calls", ["const a = await tools.add({ a: 1, b: 2 }); const b = await tools.add({ a: a.sum, b: 4 }); return b.sum;"]),
        new("fan-out-promise-all", ["const r = await Promise.all([tools.add({ a: 1, b: 1 }), tools.add({ a: 2, b: 2 }), tools.add({ a: 3, b: 3 })]); return r.map(x => x.sum);"]),
        new("approval-approved", ["const r = await tools.record({ n: 1 }); return r.ok;"]) { Events = [("approval-1", Approve())] },
        new("approval-denied-caught", ["try { await tools.record({ n: 1 }); return 'ran'; } catch (e) { return e.code; }"]) { Events = [("approval-1", Deny())] },
        new("approval-run-scope-grant", ["const r = await Promise.all([tools.record({ n: 1 }), tools.record({ n: 1 })]); await tools.record({ n: 1 }); return r.length;"])
        {
            Events = [("approval-1", Approve(DecisionScope.Run))],
        },
        new("approval-expired", ["try { await tools.record({ n: 1 }); } catch (e) { return e.code; }"]),
        new("policy-denied", ["try { await tools.deploy({ env: 'prod' }); } catch (e) { return e.code; } return 'ran';"]),
        new("builtin-exec-policy", ["await tools.exec({ command: ['ls', '-la'] }); try { await tools.exec({ command: ['git', 'push', 'origin', 'main'] }); } catch (e) { return e.code; }"])
        {
            Events = [("approval-2", Deny())],
        },
        new("host-resolved", ["const answer = await tools.askUser({ question: 'which branch?' }); return answer;"])
        {
            Events = [("result-1", new HostResult(JsonSerializer.SerializeToElement("main"), DecidedBy: "golden"))],
        },
        new("terminate-while-waiting", ["const running = tools.add({ a: 1, b: 1 }); await tools.record({ n: 1 }); return await running;"])
        {
            Events = [("terminate", new TerminateRequest("golden stop", "golden"))],
            EventsFirst = true,
        },
        new("continued-reuses-then-runs", ["const r = await tools.record({ n: 1 }); const s = await tools.add({ b: 2, a: 1 }); const t = await tools.add({ a: s.sum, b: 5 }); return [r.seq, t.sum];"])
        {
            // The reused record call neither asks nor runs; the reused add schedules nothing; the third call runs.
            Continuation = new RunContinuation("golden-earlier", [
                new RecordedCall(1, "record", JsonSerializer.SerializeToElement(new { n = 1 })) { Result = JsonSerializer.SerializeToElement(new { ok = true, seq = 1 }) },
                new RecordedCall(2, "add", JsonSerializer.SerializeToElement(new { a = 1, b = 2 })) { Result = JsonSerializer.SerializeToElement(new { sum = 3 }) },
                new RecordedCall(3, "add", JsonSerializer.SerializeToElement(new { a = 3, b = 4 })) { Result = JsonSerializer.SerializeToElement(new { sum = 7 }) },
            ]),
        },
        new("retried-then-succeeds", ["const r = await tools.flaky({ fail: 2 }); let e; try { await tools.flaky({ fail: 9 }); } catch (x) { e = x.detail; } return [r, e];"])
        {
            // Two failed attempts, each followed by its backoff timer (1 s, then 2 s), then the success;
            // the second call runs out of its three attempts and the script catches the last error.
            Retries = new Dictionary<string, ToolRetryPolicy> { ["flaky"] = new() { Attempts = 3, FirstDelayMs = 1_000, BackoffCoefficient = 2, MaxDelayMs = 10_000, Transient = ["io-error"] } },
        },
        new("discovery-schedules-nothing", ["const d = tools.$describe('add'); const hits = tools.$search('record'); const r = await tools.add({ a: 1, b: 2 }); return [d.call, hits[0].name, r.sum];"])
        {
            // $describe and $search answer inside the sandbox: only the add call is an action.
        },
        new("unawaited-call-cancelled", ["tools.add({ a: 1, b: 1 }); return 'early';"]),
        new("dry-run", ["await tools.record({ n: 1 }); await tools.deploy({ env: 'prod' }); return 'dry';"]) { Mode = FeatureMode.DryRun },
        new("notified-approval-and-finish", ["const r = await tools.record({ n: 1 }); return r.ok;"])
        {
            Events = [("approval-1", Approve())],
            Notifications = new RunNotifications(
                [new NotificationTarget("https://hooks.example.test/a", NotificationEvents.All, "HOOK_SECRET"), new NotificationTarget("https://hooks.example.test/slack", [NotificationEvents.RunFinished], "HOOK_SECRET", NotificationFormat.Slack)],
                "https://harness.example.test"),
        },
        new("turn-of-two-blocks", ["return await tools.add({ a: 1, b: 1 });", "await tools.record({ n: 2 }); return 'second';"])
        {
            Events = [("approval-1", Approve())],
        },
    ];
}
