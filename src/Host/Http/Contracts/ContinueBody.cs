using System.Text.Json;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Host.Http.Contracts;

/// <summary>The body of <c>POST /api/runs/{id}/continue</c>: the corrected script, like a turn's output.</summary>
/// <param name="Output">The model output (a string, or the provider's JSON response object), or the corrected script itself as a string.</param>
/// <param name="Provider"><c>openai-responses</c>, <c>openai-chat</c>, <c>anthropic</c>, <c>gemini</c>, <c>text</c>, or absent to detect it.</param>
/// <param name="TurnId">The new turn's id in the run's conversation; absent derives one from the run and the scripts, so a repeated post starts nothing new.</param>
/// <param name="Policy">A policy for the new runs (it can only narrow the host's); absent keeps the run's own.</param>
/// <param name="Mode"><c>dry-run</c> to run without side effects; default the host's mode.</param>
/// <param name="Model">The model's name, for the audit.</param>
/// <param name="ApprovalExpiry">How long the new runs' questions wait; it can only shorten the host's.</param>
internal sealed record ContinueBody(
    JsonElement? Output,
    string? Provider = null,
    string? TurnId = null,
    ApprovalPolicy? Policy = null,
    FeatureMode? Mode = null,
    string? Model = null,
    TimeSpan? ApprovalExpiry = null);
