using System.Collections.Concurrent;
using System.Text.Json;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>Side effects of the fake tools, keyed by idempotency key (delivery is at least once).</summary>
public sealed class ToolLedger
{
    private readonly ConcurrentQueue<(string Tool, ToolInvocation Invocation)> calls = new();

    public void Record(string tool, ToolInvocation invocation) => this.calls.Enqueue((tool, invocation));

    public IReadOnlyList<(string Tool, ToolInvocation Invocation)> For(string instanceId) =>
        [.. this.calls.Where(c => c.Invocation.IdempotencyKey.StartsWith(instanceId + ":", StringComparison.Ordinal)).OrderBy(c => c.Invocation.CallId)];

    public int Count(string instanceId, string tool) => this.For(instanceId).Count(c => c.Tool == tool);

    public JsonElement? ArgsOf(string instanceId, string tool) =>
        this.For(instanceId).Where(c => c.Tool == tool).Select(c => (JsonElement?)c.Invocation.Args).FirstOrDefault();
}
