namespace ScriptHarness.Durable.Testing.FaultInjection;

/// <summary>What happens when a <see cref="FaultRule"/> fires.</summary>
public enum FaultAction
{
    /// <summary>The storage call throws <see cref="InjectedFaultException"/>; the dispatcher handles it as any provider failure.</summary>
    Throw,

    /// <summary>The process is killed at once (SIGKILL on Unix): no finally blocks, no flush, no graceful shutdown.</summary>
    Kill,
}
