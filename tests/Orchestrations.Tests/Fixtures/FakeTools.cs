using System.Text.Json;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>
/// The fake tools of the end-to-end tests. <c>add</c> and <c>wait</c> are allowed by a host rule;
/// <c>record</c> and <c>deploy</c> are unknown to the default policy, so they ask; <c>askUser</c> is
/// host-resolved; <c>boom</c> fails with a typed tool error; <c>stubborn</c> waits at its gate
/// and ignores cancellation (a tool that cannot be stopped); <c>flaky</c> fails its first
/// <c>fail</c> attempts of a call with the detail <c>detail</c> and has a retry policy (3 attempts,
/// <c>io-error</c> transient); with <c>slowGate</c>, its first attempt waits at that gate, deaf to
/// cancellation, and then answers late.
/// </summary>
public static class FakeTools
{
    public static void Register(ToolRegistryBuilder builder, ToolLedger ledger, ToolGates gates)
    {
        builder.Add(Descriptor("add", """{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}""", """{"sum":0}"""), (inv, _) =>
        {
            ledger.Record("add", inv);
            double sum = inv.Args.GetProperty("a").GetDouble() + inv.Args.GetProperty("b").GetDouble();
            return Task.FromResult(JsonSerializer.SerializeToElement(new { sum }));
        });
        builder.Add(Descriptor("record", """{"type":"object"}""", """{"recorded":false}"""), (inv, _) =>
        {
            ledger.Record("record", inv);
            return Task.FromResult(JsonSerializer.SerializeToElement(new { recorded = true, seq = inv.CallId }));
        });
        builder.Add(Descriptor("deploy", """{"type":"object","properties":{"env":{"type":"string"}}}""", """{"deployed":false}"""), (inv, _) =>
        {
            ledger.Record("deploy", inv);
            return Task.FromResult(JsonSerializer.SerializeToElement(new { deployed = true }));
        });
        builder.Add(Descriptor("wait", """{"type":"object","properties":{"gate":{"type":"string"}},"required":["gate"]}""", "null"), async (inv, ct) =>
        {
            ledger.Record("wait", inv);
            string gate = inv.Args.GetProperty("gate").GetString()!;
            try
            {
                await gates.WaitAsync(gate, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw ToolException.Cancelled($"wait {gate} was cancelled.");
            }

            return JsonSerializer.SerializeToElement(new { gate });
        });
        builder.Add(Descriptor("stubborn", """{"type":"object","properties":{"gate":{"type":"string"}},"required":["gate"]}""", "null"), async (inv, _) =>
        {
            ledger.Record("stubborn", inv);
            string gate = inv.Args.GetProperty("gate").GetString()!;
            await gates.WaitAsync(gate, CancellationToken.None);
            return JsonSerializer.SerializeToElement(new { gate });
        });
        builder.Add(Descriptor("boom", """{"type":"object"}""", "null"), (inv, _) =>
        {
            ledger.Record("boom", inv);
            throw ToolException.Failed("boom", "The boom tool always fails.");
        });
        System.Collections.Concurrent.ConcurrentDictionary<string, int> flakyAttempts = new(StringComparer.Ordinal);
        builder.Add(
            Descriptor("flaky", """{"type":"object","properties":{"fail":{"type":"number"},"detail":{"type":"string"},"slowGate":{"type":"string"}}}""", "null") with
            {
                Retry = new ToolRetryPolicy { Attempts = 3, FirstDelayMs = 10, MaxDelayMs = 100, AttemptTimeoutMs = 1_000, Transient = ["io-error"] },
            },
            async (inv, _) =>
            {
                ledger.Record("flaky", inv);
                int attempt = flakyAttempts.AddOrUpdate(inv.IdempotencyKey, 1, (_, n) => n + 1);
                if (attempt == 1 && inv.Args.TryGetProperty("slowGate", out JsonElement gate))
                {
                    await gates.WaitAsync(gate.GetString()!, CancellationToken.None);
                    return JsonSerializer.SerializeToElement(new { attempt, late = true });
                }

                int fail = inv.Args.TryGetProperty("fail", out JsonElement f) ? f.GetInt32() : 0;
                if (attempt <= fail)
                {
                    string detail = inv.Args.TryGetProperty("detail", out JsonElement d) ? d.GetString()! : "io-error";
                    throw ToolException.Failed(detail, $"flaky attempt {attempt} failed ({detail}).");
                }

                return JsonSerializer.SerializeToElement(new { attempt });
            });
        builder.Add(new DelegateTool(
            Descriptor("askUser", """{"type":"object","properties":{"question":{"type":"string"}},"required":["question"]}""", "\"(dry run)\"") with { Kind = ToolKind.External },
            (_, _) => throw new InvalidOperationException("askUser is host-resolved; no worker runs it.")));
    }

    private static ToolDescriptor Descriptor(string name, string schema, string dryRun) =>
        new(name, $"Fake {name} tool.", JsonDocument.Parse(schema).RootElement.Clone())
        {
            DryRunResult = JsonDocument.Parse(dryRun).RootElement.Clone(),
        };
}
