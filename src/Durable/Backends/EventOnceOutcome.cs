namespace ScriptHarness.Durable.Backends;

/// <summary>The outcome of raising an event once.</summary>
public enum EventOnceOutcome
{
    /// <summary>This call raised the event.</summary>
    Raised,

    /// <summary>An event of that name was already raised to the instance (waiting or processed); nothing was written.</summary>
    AlreadyRaised,

    /// <summary>No live instance has that id; nothing was written.</summary>
    NoLiveInstance,
}
