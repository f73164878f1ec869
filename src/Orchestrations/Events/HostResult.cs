using System.Text.Json;

namespace ScriptHarness.Orchestrations.Events;

/// <summary>
/// The answer to a host-resolved call (a tool of kind <c>external</c>, e.g. <c>askUser</c>),
/// posted by the host as the call's result event.
/// </summary>
/// <param name="Result">The tool's result as JSON, when it succeeded.</param>
/// <param name="Error">Why it failed, when it did (the script's promise rejects with <c>tool-failed</c>).</param>
/// <param name="DecidedBy">Who answered, as the caller claims it.</param>
/// <param name="KeyId">The id of the authenticated API key that delivered it.</param>
public sealed record HostResult(
    JsonElement? Result,
    string? Error = null,
    string? DecidedBy = null,
    string? KeyId = null);
