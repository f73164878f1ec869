using System.Collections.Concurrent;

namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>
/// Records what activities did, keyed by idempotency key: delivery is at-least-once, so tests
/// count recorded completions per key, not raw executions.
/// </summary>
public sealed class SideEffectLedger
{
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> completions = new(StringComparer.Ordinal);

    /// <summary>Counts an attempt and returns its number (1 for the first).</summary>
    public int Attempt(string key) => this.attempts.AddOrUpdate(key, 1, (_, n) => n + 1);

    /// <summary>Records that the effect of <paramref name="key"/> completed.</summary>
    public void Complete(string key) => this.completions.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int Attempts(string key) => this.attempts.GetValueOrDefault(key);

    public int Completions(string key) => this.completions.GetValueOrDefault(key);

    /// <summary>Keys starting with <paramref name="prefix"/> that completed at least once.</summary>
    public IReadOnlyList<string> CompletedKeys(string prefix) =>
        this.completions.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
}
