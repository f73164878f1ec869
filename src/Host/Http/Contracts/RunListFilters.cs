using System.Globalization;
using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Http.Contracts;

/// <summary>
/// The list filters as a person types them, for <c>GET /api/runs</c> and <c>list</c> alike:
/// <c>status</c> (comma-separated), <c>phase</c> (<c>awaiting-approval</c> or
/// <c>awaitingApproval</c>), <c>conversation</c>, <c>createdFrom</c> / <c>createdTo</c> (ISO 8601).
/// A bad value names its field and the allowed values.
/// </summary>
internal static class RunListFilters
{
    /// <summary>The allowed phases, as the status shows them and in kebab case.</summary>
    public static string PhaseNames => string.Join(", ", Enum.GetValues<RunPhase>().Select(Kebab));

    public static bool TryParse(string? status, string? phase, string? conversation, string? createdFrom, string? createdTo, out RunListQuery query, out (string Field, string Detail) error)
    {
        query = new RunListQuery();
        error = default;
        List<OrchestrationRuntimeStatus> statuses = [];
        foreach (string name in (status ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse(name, ignoreCase: true, out OrchestrationRuntimeStatus parsed) || int.TryParse(name, out _))
            {
                error = ("status", $"status '{Short(name)}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
                return false;
            }

            statuses.Add(parsed);
        }

        RunPhase? runPhase = null;
        if (phase is not null)
        {
            string compact = phase.Replace("-", string.Empty, StringComparison.Ordinal);
            if (!Enum.TryParse(compact, ignoreCase: true, out RunPhase parsed) || int.TryParse(compact, out _))
            {
                error = ("phase", $"phase '{Short(phase)}' is not one of {PhaseNames}.");
                return false;
            }

            runPhase = parsed;
        }

        if (!TryTime(createdFrom, "createdFrom", out DateTimeOffset? from, ref error) || !TryTime(createdTo, "createdTo", out DateTimeOffset? to, ref error))
        {
            return false;
        }

        if (from > to)
        {
            error = ("createdFrom", "createdFrom is after createdTo.");
            return false;
        }

        query = new RunListQuery
        {
            Statuses = statuses,
            Phase = runPhase,
            ConversationId = string.IsNullOrEmpty(conversation) ? null : conversation,
            CreatedFrom = from,
            CreatedTo = to,
        };
        return true;
    }

    /// <summary>A phase as the list shows it: <c>awaiting-approval</c>.</summary>
    public static string Kebab(RunPhase phase) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(phase.ToString());

    private static bool TryTime(string? text, string field, out DateTimeOffset? value, ref (string Field, string Detail) error)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
        {
            value = parsed;
            return true;
        }

        error = (field, $"{field} '{Short(text)}' is not an ISO 8601 time (e.g. 2026-12-05T09:00:00Z).");
        return false;
    }

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
