namespace ScriptHarness.Durable.Backends;

/// <summary>An event raised to an instance that its orchestration has not processed yet.</summary>
/// <param name="Name">The event's name.</param>
/// <param name="Input">The serialized payload.</param>
public sealed record WaitingEvent(string Name, string? Input);
