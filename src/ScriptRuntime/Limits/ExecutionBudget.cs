using System.Diagnostics;
using Jint;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Limits;

/// <summary>
/// One run's interpreter budget: time, allocated bytes and statements, counted only while the
/// budget is armed (while JavaScript of this run executes). Jint resets its own constraints on
/// every public entry and counts wall time including waits; this one never resets, so the whole
/// run shares one budget and time spent waiting for tools is never charged.
/// </summary>
internal sealed class ExecutionBudget : Constraint
{
    // Reading the clock and the allocation counter costs far more than counting; sample them on a
    // cadence so statements stay cheap. The statement count itself stays exact (deterministic).
    private const int SampleMask = 63;

    private long timeLimitTicks;
    private long memoryLimitBytes;
    private long maxStatements;
    private long spentTicks;
    private long allocatedBytes;
    private long statements;
    private long segmentStartTicks;
    private long segmentStartBytes;
    private int depth;

    public ExecutionBudget(ScriptLimits limits) => this.Configure(limits);

    public int ExecutionTimeMs { get; private set; }

    public long MemoryBytes { get; private set; }

    /// <summary>Sets the limits of the run about to start (before any JavaScript of it runs).</summary>
    public void Configure(ScriptLimits limits)
    {
        this.timeLimitTicks = (long)(limits.ExecutionTimeMs * (Stopwatch.Frequency / 1000.0));
        this.memoryLimitBytes = limits.MemoryBytes;
        this.maxStatements = limits.MaxStatements;
        this.ExecutionTimeMs = limits.ExecutionTimeMs;
        this.MemoryBytes = limits.MemoryBytes;
    }

    /// <summary>Interpreter time used so far.</summary>
    public TimeSpan Spent => Stopwatch.GetElapsedTime(0, this.CurrentTicks());

    /// <summary>Interpreter time left, never negative.</summary>
    public TimeSpan Remaining
    {
        get
        {
            TimeSpan left = TimeSpan.FromMilliseconds(this.ExecutionTimeMs) - this.Spent;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public override bool IsAmortizable => false;

    /// <summary>Starts charging; nests, so a host callback re-entering the engine is charged once.</summary>
    public void Arm()
    {
        if (this.depth++ == 0)
        {
            this.segmentStartTicks = Stopwatch.GetTimestamp();
            this.segmentStartBytes = GC.GetAllocatedBytesForCurrentThread();
        }
    }

    /// <summary>Stops charging and banks what the segment used.</summary>
    public void Disarm()
    {
        if (this.depth == 0)
        {
            return;
        }

        if (--this.depth == 0)
        {
            this.spentTicks += Stopwatch.GetTimestamp() - this.segmentStartTicks;
            this.allocatedBytes += GC.GetAllocatedBytesForCurrentThread() - this.segmentStartBytes;
        }
    }

    public override void Check()
    {
        if (this.depth == 0)
        {
            return;
        }

        if (++this.statements > this.maxStatements)
        {
            throw new LimitExceededException(ScriptLimit.Statements, $"The script executed more than {this.maxStatements} statements. Make loops shorter or do less work per run.");
        }

        if ((this.statements & SampleMask) == 0)
        {
            this.ThrowIfTimeOrMemoryExceeded();
        }
    }

    /// <summary>Checks time and memory now (called at segment ends and by the sampled check).</summary>
    public void ThrowIfTimeOrMemoryExceeded()
    {
        if (this.CurrentTicks() > this.timeLimitTicks)
        {
            throw new LimitExceededException(ScriptLimit.ExecutionTime, $"The script ran for more than {this.ExecutionTimeMs} ms of interpreter time (time waiting on tools does not count). Do less work per run.");
        }

        long bytes = this.allocatedBytes + (this.depth > 0 ? GC.GetAllocatedBytesForCurrentThread() - this.segmentStartBytes : 0);
        if (bytes > this.memoryLimitBytes)
        {
            throw new LimitExceededException(ScriptLimit.Memory, $"The script allocated more than {this.memoryLimitBytes / (1024 * 1024)} MB. Process data in smaller pieces.");
        }
    }

    public override void Reset()
    {
        // Deliberately empty: Jint calls Reset on every public entry (Evaluate, Call); the run's
        // budget must span all of them.
    }

    private long CurrentTicks() =>
        this.spentTicks + (this.depth > 0 ? Stopwatch.GetTimestamp() - this.segmentStartTicks : 0);
}
