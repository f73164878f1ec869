namespace ScriptHarness.Durable.Backends;

/// <summary>What <see cref="IEventDedupeClient.RaiseEventOnceAsync"/> did.</summary>
/// <param name="Outcome">Raised, already there, or no live instance.</param>
/// <param name="ExistingInput">The payload of the event that was there first, when <see cref="EventOnceOutcome.AlreadyRaised"/>.</param>
public sealed record EventOnceResult(EventOnceOutcome Outcome, string? ExistingInput = null);
