using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

/// <summary>Counts activity executions per key, so tests can prove "ran exactly once".</summary>
public static class ExecutionCounter
{
    private static readonly ConcurrentDictionary<string, int> Counts = new();

    public static void Hit(string key) => Counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public static int Get(string key) => Counts.TryGetValue(key, out int n) ? n : 0;

    public static int CountWithPrefix(string prefix) => Counts.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(kv => kv.Value);

    public static IReadOnlyDictionary<string, int> WithPrefix(string prefix) =>
        Counts.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
}

public sealed class AddOneActivity : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input)
    {
        ExecutionCounter.Hit($"{context.OrchestrationInstance.InstanceId}:add:{input}");
        return input + 1;
    }
}

public sealed class SlowActivity : AsyncTaskActivity<int, string>
{
    protected override async Task<string> ExecuteAsync(TaskContext context, int milliseconds)
    {
        ExecutionCounter.Hit($"{context.OrchestrationInstance.InstanceId}:slow");
        await Task.Delay(milliseconds);
        return $"slept {milliseconds}";
    }
}

public sealed class BigResultActivity : TaskActivity<int, string>
{
    protected override string Execute(TaskContext context, int bytes) => new('r', bytes);
}

/// <summary>Calls AddOne on 0..count-1 one after another; returns the sum of the results.</summary>
public sealed class SequenceOrchestration : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int count)
    {
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += await context.ScheduleTask<int>(typeof(AddOneActivity), i);
        }

        return sum;
    }
}

/// <summary>Calls AddOne on 0..count-1 at once; returns the sum.</summary>
public sealed class FanOutOrchestration : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int count)
    {
        int[] results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.ScheduleTask<int>(typeof(AddOneActivity), i)));
        return results.Sum();
    }
}

/// <summary>Waits on a durable timer of the given milliseconds.</summary>
public sealed class TimerOrchestration : TaskOrchestration<string, int>
{
    public override async Task<string> RunTask(OrchestrationContext context, int milliseconds) =>
        await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(milliseconds), "fired");
}

/// <summary>Waits for the external event "approve" and returns "input:eventData".</summary>
public sealed class WaitForEventOrchestration : TaskOrchestration<string, string>
{
    private readonly TaskCompletionSource<string> approval = new();

    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        string decision = await this.approval.Task;
        return $"{input}:{decision}";
    }

    public override string OnGetStatus() => this.approval.Task.IsCompleted ? "approved" : "awaitingApproval";

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        if (name == "approve")
        {
            this.approval.TrySetResult(input);
        }
    }
}

/// <summary>Runs SequenceOrchestration as a sub-orchestration.</summary>
public sealed class ParentOrchestration : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int count) =>
        await context.CreateSubOrchestrationInstance<int>(typeof(SequenceOrchestration), $"{context.OrchestrationInstance.InstanceId}-child", count) * 10;
}

/// <summary>Continues as new until the counter reaches zero, calling one activity per generation.</summary>
public sealed class CountdownOrchestration : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int remaining)
    {
        await context.ScheduleTask<int>(typeof(AddOneActivity), remaining);
        if (remaining > 0)
        {
            context.ContinueAsNew(remaining - 1);
        }

        return remaining;
    }
}

/// <summary>Calls BigResultActivity and returns what happened.</summary>
public sealed class BigResultOrchestration : TaskOrchestration<string, int>
{
    public override async Task<string> RunTask(OrchestrationContext context, int bytes)
    {
        try
        {
            string result = await context.ScheduleTask<string>(typeof(BigResultActivity), bytes);
            return $"ok:{result.Length}";
        }
        catch (TaskFailedException e)
        {
            return $"failed:{e.FailureDetails?.ErrorType}:{e.FailureDetails?.ErrorMessage}";
        }
    }
}

/// <summary>Returns an output of the given size.</summary>
public sealed class BigOutputOrchestration : TaskOrchestration<string, int>
{
    public override Task<string> RunTask(OrchestrationContext context, int bytes) => Task.FromResult(new string('o', bytes));
}

/// <summary>Calls SlowActivity once.</summary>
public sealed class SlowOrchestration : TaskOrchestration<string, int>
{
    public override async Task<string> RunTask(OrchestrationContext context, int milliseconds) =>
        await context.ScheduleTask<string>(typeof(SlowActivity), milliseconds);
}

/// <summary>Two quick activities, a slow one, two quick ones: a worker can be stopped during the slow one.</summary>
public sealed class CrashOrchestration : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int slowMilliseconds)
    {
        int sum = await context.ScheduleTask<int>(typeof(AddOneActivity), 0);
        sum += await context.ScheduleTask<int>(typeof(AddOneActivity), 1);
        await context.ScheduleTask<string>(typeof(SlowActivity), slowMilliseconds);
        sum += await context.ScheduleTask<int>(typeof(AddOneActivity), 2);
        sum += await context.ScheduleTask<int>(typeof(AddOneActivity), 3);
        return sum;
    }
}
