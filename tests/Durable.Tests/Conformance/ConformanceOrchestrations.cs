using Microsoft.DurableTask;

namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>Inputs of the conformance orchestrations.</summary>
public sealed record SequenceInput(string KeyPrefix, int Count);

/// <summary>What a sub-orchestration saw of its parent.</summary>
public sealed record ParentSeen(string? ParentName, string? ParentInstanceId);

/// <summary>The orchestrators and activities every backend is tested with.</summary>
public static class ConformanceTasks
{
    public const string Sequence = "conformance-sequence";
    public const string FanOut = "conformance-fan-out";
    public const string TwoEvents = "conformance-two-events";
    public const string EventOrTimer = "conformance-event-or-timer";
    public const string TimerLosesThenEvent = "conformance-timer-then-event";
    public const string Timer = "conformance-timer";
    public const string Retry = "conformance-retry";
    public const string Parent = "conformance-parent";
    public const string Child = "conformance-child";
    public const string Counter = "conformance-counter";
    public const string WaitForEvent = "conformance-wait-for-event";
    public const string Large = "conformance-large";
    public const string Fails = "conformance-fails";
    public const string Everything = "conformance-everything";
    public const string Phases = "conformance-phases";

    public const string RecordActivityName = "conformance-record";
    public const string FlakyActivityName = "conformance-flaky";
    public const string LargeActivityName = "conformance-large-text";
    public const string FailingActivityName = "conformance-failing";

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivity(RecordActivityName, sp => new RecordActivity((SideEffectLedger)sp.GetService(typeof(SideEffectLedger))!));
        registry.AddActivity(FlakyActivityName, sp => new FlakyActivity((SideEffectLedger)sp.GetService(typeof(SideEffectLedger))!));
        registry.AddActivity(LargeActivityName, sp => new LargeTextActivity((SideEffectLedger)sp.GetService(typeof(SideEffectLedger))!));
        registry.AddActivity(FailingActivityName, _ => new FailingActivity());

        registry.AddOrchestratorFunc<SequenceInput, List<string>>(Sequence, async (ctx, input) =>
        {
            List<string> results = [];
            for (int i = 0; i < input.Count; i++)
            {
                results.Add(await ctx.CallActivityAsync<string>(RecordActivityName, new KeyedInput($"{input.KeyPrefix}{i}", $"step{i}")));
            }

            return results;
        });

        registry.AddOrchestratorFunc<SequenceInput, int>(FanOut, async (ctx, input) =>
        {
            Task<string>[] calls = Enumerable.Range(0, input.Count)
                .Select(i => ctx.CallActivityAsync<string>(RecordActivityName, new KeyedInput($"{input.KeyPrefix}{i}", $"item{i}")))
                .ToArray();
            string[] results = await Task.WhenAll(calls);
            return results.Count(r => r.StartsWith("ITEM", StringComparison.Ordinal));
        });

        registry.AddOrchestratorFunc<string?, string>(TwoEvents, async (ctx, _) =>
        {
            string first = await ctx.WaitForExternalEvent<string>("first");
            string second = await ctx.WaitForExternalEvent<string>("second");
            return $"{first}+{second}";
        });

        // An approval-style wait raced with a long expiry timer: the winner cancels the loser,
        // then a second wait for the same event must receive the next one.
        registry.AddOrchestratorFunc<string?, List<string>>(EventOrTimer, async (ctx, _) =>
        {
            using CancellationTokenSource timerCancel = new();
            Task expiry = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddHours(1), timerCancel.Token);
            Task<string> approval = ctx.WaitForExternalEvent<string>("approve");
            Task winner = await Task.WhenAny(approval, expiry);
            List<string> seen = [winner == approval ? $"event:{await approval}" : "timer"];
            timerCancel.Cancel();
            seen.Add($"next:{await ctx.WaitForExternalEvent<string>("approve")}");
            return seen;
        });

        // The timer wins; the losing event wait is cancelled and must not swallow the next event.
        registry.AddOrchestratorFunc<string?, List<string>>(TimerLosesThenEvent, async (ctx, _) =>
        {
            using CancellationTokenSource waitCancel = new();
            Task<string> approval = ctx.WaitForExternalEvent<string>("approve", waitCancel.Token);
            Task expiry = ctx.CreateTimer(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            Task winner = await Task.WhenAny(approval, expiry);
            List<string> seen = [winner == expiry ? "timer" : "event"];
            waitCancel.Cancel();
            seen.Add($"next:{await ctx.WaitForExternalEvent<string>("approve")}");
            return seen;
        });

        registry.AddOrchestratorFunc<string?, string>(Timer, async (ctx, _) =>
        {
            DateTime before = ctx.CurrentUtcDateTime;
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            return ctx.CurrentUtcDateTime >= before.AddMilliseconds(500) ? "fired-after-due" : "fired-early";
        });

        registry.AddOrchestratorFunc<KeyedInput, string>(Retry, (ctx, input) =>
            ctx.CallActivityAsync<string>(
                FlakyActivityName,
                input,
                TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromMilliseconds(100)))));

        registry.AddOrchestratorFunc<string, ParentSeen>(Parent, (ctx, childId) =>
            ctx.CallSubOrchestratorAsync<ParentSeen>(Child, "from-parent", new SubOrchestrationOptions { InstanceId = childId }));

        registry.AddOrchestratorFunc<string, ParentSeen>(Child, (ctx, _) =>
            Task.FromResult(new ParentSeen(ctx.Parent?.Name.Name, ctx.Parent?.InstanceId)));

        registry.AddOrchestratorFunc<int, int>(Counter, (ctx, n) =>
        {
            if (n < 3)
            {
                ctx.ContinueAsNew(n + 1);
            }

            return Task.FromResult(n);
        });

        registry.AddOrchestratorFunc<KeyedInput, string>(WaitForEvent, async (ctx, input) =>
        {
            await ctx.CallActivityAsync<string>(RecordActivityName, input with { Key = $"{input.Key}:started" });
            string value = await ctx.WaitForExternalEvent<string>("go");
            await ctx.CallActivityAsync<string>(RecordActivityName, input with { Key = $"{input.Key}:after-event" });
            return value;
        });

        registry.AddOrchestratorFunc<KeyedInput, List<string>>(Large, async (ctx, input) =>
        {
            // Number = size of each result, Value = seed; Key prefix + index for each call.
            List<string> results = [];
            int calls = input.Number >= 2_000_000 ? 1 : 12;
            for (int i = 0; i < calls; i++)
            {
                results.Add(await ctx.CallActivityAsync<string>(LargeActivityName, new KeyedInput($"{input.Key}{i}", $"{input.Value}{i}", input.Number)));
            }

            return calls == 1 ? results : [.. results.Select(r => r.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        });

        registry.AddOrchestratorFunc<string?, string>(Phases, async (ctx, _) =>
        {
            ctx.SetCustomStatus(new { phase = "awaitingApproval", call = 3 });
            string decision = await ctx.WaitForExternalEvent<string>("decision");
            ctx.SetCustomStatus(new { phase = "finishing", call = 3 });
            return decision;
        });

        registry.AddOrchestratorFunc<KeyedInput, string>(Fails, (ctx, input) =>
            ctx.CallActivityAsync<string>(FailingActivityName, input));

        registry.AddOrchestratorFunc<KeyedInput, string>(Everything, async (ctx, input) =>
        {
            string shouted = await ctx.CallActivityAsync<string>(RecordActivityName, input);
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            string evt = await ctx.WaitForExternalEvent<string>("note");
            ParentSeen child = await ctx.CallSubOrchestratorAsync<ParentSeen>(Child, "x", new SubOrchestrationOptions { InstanceId = $"{ctx.InstanceId}-child" });
            string failure;
            try
            {
                await ctx.CallActivityAsync<string>(FailingActivityName, input);
                failure = "none";
            }
            catch (TaskFailedException e)
            {
                failure = e.FailureDetails.ErrorType;
            }

            return $"{shouted}|{evt}|{child.ParentName}|{failure}";
        });
    }
}
