using System.Text;
using Microsoft.DurableTask;

namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>An activity input: the idempotency key its effect is recorded under, and a value.</summary>
public sealed record KeyedInput(string Key, string Value, int Number = 0);

/// <summary>Records the effect and returns the value upper-cased.</summary>
public sealed class RecordActivity(SideEffectLedger ledger) : TaskActivity<KeyedInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, KeyedInput input)
    {
        ledger.Attempt(input.Key);
        ledger.Complete(input.Key);
        return Task.FromResult(input.Value.ToUpperInvariant());
    }
}

/// <summary>Fails its first <see cref="KeyedInput.Number"/> attempts per key, then records and succeeds.</summary>
public sealed class FlakyActivity(SideEffectLedger ledger) : TaskActivity<KeyedInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, KeyedInput input)
    {
        int attempt = ledger.Attempt(input.Key);
        if (attempt <= input.Number)
        {
            throw new InvalidOperationException($"attempt {attempt} of {input.Key} fails on purpose");
        }

        ledger.Complete(input.Key);
        return Task.FromResult($"succeeded on attempt {attempt}");
    }
}

/// <summary>Returns <see cref="KeyedInput.Number"/> bytes of deterministic text derived from the value.</summary>
public sealed class LargeTextActivity(SideEffectLedger ledger) : TaskActivity<KeyedInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, KeyedInput input)
    {
        ledger.Attempt(input.Key);
        ledger.Complete(input.Key);
        return Task.FromResult(LargeText(input.Value, input.Number));
    }

    public static string LargeText(string seed, int length)
    {
        StringBuilder text = new(length);
        int i = 0;
        while (text.Length < length)
        {
            text.Append(seed).Append(':').Append(i++).Append(';');
        }

        return text.ToString(0, length);
    }
}

/// <summary>Always throws, to test structured failure details.</summary>
public sealed class FailingActivity : TaskActivity<KeyedInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, KeyedInput input) =>
        throw new InvalidOperationException($"boom: {input.Value}");
}
