using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Host.Reports;
using ScriptHarness.Host.Turns;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.Host.Http.Endpoints;

/// <summary>
/// Reads the model output a request body carries (<c>POST /api/turns</c> and
/// <c>POST /api/runs/{id}/continue</c>): the output and provider fields checked, the scripts
/// parsed, a parse failure as its typed problem, and the accepted turn's answer.
/// </summary>
internal static class TurnBodyReader
{
    /// <summary>Checks <c>output</c> (a string or a JSON object) and <c>provider</c>; false with the problem when one is not usable.</summary>
    public static bool TryCheck(JsonElement? output, string? provider, string outputRequired, [NotNullWhen(true)] out BodyOutput? read, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        read = null;
        problem = null;
        if (output is not { ValueKind: JsonValueKind.String or JsonValueKind.Object } element)
        {
            problem = Problems.Field("output", outputRequired);
            return false;
        }

        IProviderFormat? format = null;
        if (provider is not null && !ProviderFormats.TryFind(provider, out format))
        {
            problem = Problems.Field("provider", ProviderProblem("provider"));
            return false;
        }

        read = new BodyOutput(element, format);
        return true;
    }

    /// <summary>The message for a provider name that is not one of ours.</summary>
    public static string ProviderProblem(string field) => $"{field} must be one of {string.Join(", ", ProviderFormats.WireNames)}.";

    /// <summary>
    /// Parses the output: a JSON object in its provider's shape, a string as model text (or, with
    /// <paramref name="scriptAllowed"/>, a bare script).
    /// </summary>
    public static ParsedTurn Parse(this TurnParser parser, BodyOutput output, bool scriptAllowed, out string text)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(output);
        bool isText = output.Element.ValueKind == JsonValueKind.String;
        text = isText ? output.Element.GetString()! : output.Element.GetRawText();
        return isText
            ? (scriptAllowed ? parser.ParseScriptOrOutput(text) : parser.Parse(text))
            : parser.Parse(JsonNode.Parse(text)!.AsObject(), output.Format);
    }

    /// <summary>The 400 problem of a turn whose scripts did not parse, naming the block, line and column.</summary>
    public static ProblemHttpResult ParseProblem(ParsedTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ReportError typed = ReportError.From(turn.Error!);
        return Problems.Create(StatusCodes.Status400BadRequest, typed.Code, typed.Message, "output", new Dictionary<string, object?>
        {
            ["block"] = turn.ErrorBlock,
            ["line"] = typed.Line,
            ["column"] = typed.Column,
            ["retryable"] = typed.Retryable,
        });
    }

    /// <summary>The 202 answer of a started turn, with its runs' links.</summary>
    public static Accepted<TurnAccepted> Accepted(TurnStart started)
    {
        ArgumentNullException.ThrowIfNull(started);
        string url = $"/api/runs/{Uri.EscapeDataString(started.TurnInstanceId)}";
        return TypedResults.Accepted(url, new TurnAccepted(
            started.TurnInstanceId,
            started.AlreadyStarted,
            [.. started.RunInstanceIds.Select((id, i) => RunLinks.For(i, id))],
            url));
    }
}

/// <summary>A body's output field and the provider it names, checked.</summary>
/// <param name="Element">The output: a string or a JSON object.</param>
/// <param name="Format">The provider named by the body, or null to detect it.</param>
internal sealed record BodyOutput(JsonElement Element, IProviderFormat? Format);
