namespace ScriptHarness.Tests.Durable.Crash;

/// <summary>Waits for a condition on something another process writes (no sleeps as synchronization: a bounded poll).</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="timeout"/> passes (then throws with <paramref name="what"/>).</summary>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(what);
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout}: {what()}");
            }

            await Task.Delay(50);
        }
    }
}
