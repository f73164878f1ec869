namespace ScriptHarness.Durable.Testing.FaultInjection;

/// <summary>Thrown by <see cref="FaultInjectingOrchestrationService"/> when a <see cref="FaultAction.Throw"/> rule fires.</summary>
public sealed class InjectedFaultException : Exception
{
    /// <summary>Creates the exception for the rule that fired.</summary>
    public InjectedFaultException(FaultRule rule)
        : base($"Injected fault at {FaultRule.PointName(rule.Point)} (occurrence {rule.Occurrence}).")
    {
        Rule = rule;
    }

    /// <summary>The rule that fired.</summary>
    public FaultRule Rule { get; }
}
