using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace ScriptHarness.Tests.Orchestrations.Golden;

/// <summary>
/// Runs an orchestrator on <see cref="RecordingOrchestrationContext"/>s and writes its transcript:
/// each action in the order it was scheduled (numbered per instance, as the framework's sequence
/// numbers are) and each completion the driver delivers. Completions come one at a time in a
/// fixed order: pending activities oldest first, then the scenario's events in the order given
/// (each once someone waits for it), then the earliest open timer, whose due time becomes the
/// clock. Every delivery is a new episode one second later. Everything runs inline on the calling
/// thread, which must have no synchronization context, so the transcript is the same on every run.
/// </summary>
internal sealed class ActionSequenceDriver
{
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly JsonDataConverter Converter = JsonDataConverter.Default;

    private readonly List<string> transcript = [];
    private readonly List<Pending> activities = [];
    private readonly List<Pending> timers = [];
    private readonly List<Pending> waits = [];
    private readonly Queue<(string Name, object? Payload)> events;
    private readonly Queue<(Pending Wait, object? Payload)> forwarded = new();
    private readonly Dictionary<RecordingOrchestrationContext, int> sequence = [];
    private readonly Func<string, JsonNode?, int, object?> activityResult;
    private readonly Dictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly bool eventsFirst;
    private Func<RecordingOrchestrationContext, string, object?, Task<object?>>? childRunner;

    public ActionSequenceDriver(IEnumerable<(string Name, object? Payload)> events, Func<string, JsonNode?, int, object?> activityResult, bool eventsFirst)
    {
        this.events = new(events);
        this.activityResult = activityResult;
        this.eventsFirst = eventsFirst;
    }

    public DateTime Now { get; private set; } = Start;

    /// <summary>Runs <paramref name="root"/> to its end and returns the transcript; <paramref name="childRunner"/> runs sub-orchestrations inline.</summary>
    public IReadOnlyList<string> Run(
        string instanceId,
        string version,
        Func<RecordingOrchestrationContext, Task<object?>> root,
        Func<RecordingOrchestrationContext, string, object?, Task<object?>>? childRunner = null)
    {
        if (SynchronizationContext.Current is not null)
        {
            throw new InvalidOperationException("Drive the orchestrator on a thread without a synchronization context (Task.Run).");
        }

        this.childRunner = childRunner;
        Task<object?> done = root(new RecordingOrchestrationContext(this, instanceId, version, string.Empty));
        for (int steps = 0; !done.IsCompleted; steps++)
        {
            if (steps > 10_000 || !this.Step())
            {
                throw new InvalidOperationException($"The orchestrator waits for nothing the scenario delivers. Transcript so far:\n{string.Join('\n', this.transcript)}");
            }
        }

        this.transcript.Add(done.IsCompletedSuccessfully ? $"end {Outcome(done.Result)}" : $"end failed {done.Exception!.InnerException!.GetType().Name}");
        return this.transcript;
    }

    public Task<TResult> ScheduleActivity<TResult>(RecordingOrchestrationContext context, string name, object? input)
    {
        TaskCompletionSource<TResult> source = new();
        JsonNode? essential = Essential(input);
        if (essential is JsonObject invocation && invocation.ContainsKey("CallSeq") && invocation.ContainsKey("Args"))
        {
            // A tool invocation: which call, with what, and the policy's network verdict. The key
            // and the workspace are derived from the instance and the input.
            essential = new JsonObject
            {
                ["CallSeq"] = invocation["CallSeq"]!.DeepClone(),
                ["Args"] = invocation["Args"]?.DeepClone(),
                ["AllowNetwork"] = invocation["AllowNetwork"]?.DeepClone(),
            };
            if (invocation["AttemptTimeoutMs"] is { } attemptTimeout)
            {
                essential["AttemptTimeoutMs"] = attemptTimeout.DeepClone();
            }
        }

        int seq = this.Next(context);
        this.Record(context, $"#{seq} activity {name} {essential?.ToJsonString() ?? "null"}");
        string attemptKey = $"{context.InstanceId}/{name}/{essential?.ToJsonString()}";
        int attempt = this.attempts[attemptKey] = this.attempts.GetValueOrDefault(attemptKey) + 1;
        this.activities.Add(new Pending(
            context,
            $"#{seq} activity {name}",
            result =>
            {
                // A scenario's failing activity answers failure details: the task fails as the framework's would.
                if (result is TaskFailureDetails failure)
                {
                    source.TrySetException(new TaskFailedException(name, seq, failure));
                }
                else
                {
                    source.TrySetResult(Convert<TResult>(result));
                }
            },
            () => source.TrySetCanceled())
        {
            Result = () => this.activityResult(name, essential, attempt),
        });
        return source.Task;
    }

    public Task ScheduleTimer(RecordingOrchestrationContext context, DateTime fireAt, CancellationToken cancellationToken)
    {
        TaskCompletionSource source = new();
        int seq = this.Next(context);
        this.Record(context, $"#{seq} timer due +{Offset(fireAt)}");
        Pending timer = new(context, $"#{seq} timer", _ => source.TrySetResult(), () => source.TrySetCanceled()) { FireAt = fireAt };
        this.timers.Add(timer);
        cancellationToken.Register(() => this.Cancel(this.timers, timer));
        return source.Task;
    }

    public Task<T> Wait<T>(RecordingOrchestrationContext context, string name, CancellationToken cancellationToken)
    {
        TaskCompletionSource<T> source = new();
        this.Record(context, $"wait {name}");
        Pending wait = new(context, name, payload => source.TrySetResult(Convert<T>(payload)), () => source.TrySetCanceled());
        this.waits.Add(wait);
        cancellationToken.Register(() => this.Cancel(this.waits, wait));
        return source.Task;
    }

    public void Send(RecordingOrchestrationContext context, string instanceId, string name, object payload)
    {
        this.Record(context, $"send {instanceId} {name} {Essential(payload)?.ToJsonString()}");
        Pending? target = this.waits.FirstOrDefault(w => w.Context.InstanceId == instanceId && string.Equals(w.What, name, StringComparison.OrdinalIgnoreCase));
        if (target is not null)
        {
            this.forwarded.Enqueue((target, payload));
        }
    }

    public Task<TResult> StartChild<TResult>(RecordingOrchestrationContext parent, string name, object? input, TaskOptions? options)
    {
        string id = (options as SubOrchestrationOptions)?.InstanceId ?? throw new InvalidOperationException("Sub-orchestrations in the golden scenarios name their instance.");
        string version = options?.Version?.Version ?? string.Empty;
        int seq = this.Next(parent);
        // The script only: the rest of a run's input is configuration, not part of the sequence.
        this.Record(parent, $"#{seq} sub-orchestration {name} {id} version {version} script {Essential(input)?["Script"]?.ToJsonString()}");
        RecordingOrchestrationContext child = new(this, id, version, $"[{id}] ");
        Task<object?> run = (this.childRunner ?? throw new InvalidOperationException("No child runner."))(child, name, input);
        return Finish(run);

        async Task<TResult> Finish(Task<object?> task) => Convert<TResult>(await task);
    }

    /// <summary>The input's JSON without what differs between builds or machines (the package version).</summary>
    private static JsonNode? Essential(object? input)
    {
        JsonNode? node = JsonNode.Parse(Converter.Serialize(input) ?? "null");
        Strip(node);
        return node;

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                obj.Remove("HarnessVersion");
                foreach ((string _, JsonNode? child) in obj.ToList())
                {
                    Strip(child);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (JsonNode? item in array)
                {
                    Strip(item);
                }
            }
        }
    }

    /// <summary>How the orchestration ended: a run's report status, a turn's statuses per block (the output's other fields are not part of the sequence).</summary>
    private static string Outcome(object? result)
    {
        JsonNode? output = Essential(result);
        return output?["Report"]?["Status"]?.GetValue<string>()
            ?? (output?["Runs"] is JsonArray runs ? string.Join(", ", runs.Select(r => r?["Status"]?.ToJsonString())) : output?.ToJsonString() ?? "null");
    }

    private static T Convert<T>(object? value) => (T)Converter.Deserialize(Converter.Serialize(value), typeof(T))!;

    private static string Offset(DateTime at) => (at - Start).ToString("c", CultureInfo.InvariantCulture);

    private bool Step()
    {
        if (this.forwarded.TryDequeue(out (Pending Wait, object? Payload) sent))
        {
            return this.Deliver(this.waits, sent.Wait, $"event {sent.Wait.What} (sent)", sent.Payload);
        }

        if (this.eventsFirst && this.TryDeliverEvent())
        {
            return true;
        }

        if (this.activities.Count > 0)
        {
            Pending activity = this.activities[0];
            object? result = activity.Result!();
            return this.Deliver(this.activities, activity, activity.What + (result is TaskFailureDetails ? " failed" : " completed"), result);
        }

        if (this.TryDeliverEvent())
        {
            return true;
        }

        Pending? timer = this.timers.OrderBy(t => t.FireAt).FirstOrDefault();
        if (timer is null)
        {
            return false;
        }

        this.Now = timer.FireAt > this.Now ? timer.FireAt : this.Now;
        return this.Deliver(this.timers, timer, timer.What + " fired", null, advance: false);
    }

    private bool TryDeliverEvent()
    {
        if (!this.events.TryPeek(out (string Name, object? Payload) next))
        {
            return false;
        }

        Pending? wait = this.waits.FirstOrDefault(w => string.Equals(w.What, next.Name, StringComparison.OrdinalIgnoreCase));
        if (wait is null)
        {
            return false;
        }

        this.events.Dequeue();
        return this.Deliver(this.waits, wait, $"event {next.Name}", next.Payload);
    }

    private bool Deliver(List<Pending> from, Pending pending, string what, object? value, bool advance = true)
    {
        from.Remove(pending);
        if (advance)
        {
            this.Now = this.Now.AddSeconds(1);
        }

        this.Record(pending.Context, $"<- {what} at +{Offset(this.Now)}");
        pending.Complete(value);
        return true;
    }

    private void Cancel(List<Pending> from, Pending pending)
    {
        if (from.Remove(pending))
        {
            pending.Cancel();
        }
    }

    private int Next(RecordingOrchestrationContext context)
    {
        int seq = this.sequence.GetValueOrDefault(context);
        this.sequence[context] = seq + 1;
        return seq;
    }

    private void Record(RecordingOrchestrationContext context, string line) => this.transcript.Add(context.Label + line);

    private sealed class Pending(RecordingOrchestrationContext context, string what, Action<object?> complete, Action cancel)
    {
        public RecordingOrchestrationContext Context => context;

        public string What => what;

        public Action<object?> Complete => complete;

        public Action Cancel => cancel;

        public DateTime FireAt { get; init; }

        public Func<object?>? Result { get; init; }
    }
}
