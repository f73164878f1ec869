namespace ScriptHarness.Orchestrations.Client;

/// <summary>What happened to a decision the client accepted.</summary>
public enum DecisionOutcome
{
    /// <summary>The decision was delivered to the run (the run is authoritative: it may still arrive after the expiry).</summary>
    Delivered,

    /// <summary>The call had already been decided the same way: nothing was sent.</summary>
    AlreadyDecided,
}
