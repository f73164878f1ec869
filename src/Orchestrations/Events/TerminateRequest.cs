namespace ScriptHarness.Orchestrations.Events;

/// <summary>The payload of the graceful-termination event.</summary>
/// <param name="Reason">Why the run is being stopped; it appears in the report's error.</param>
/// <param name="RequestedBy">Who asked, as the caller claims it.</param>
public sealed record TerminateRequest(string? Reason = null, string? RequestedBy = null);
