using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.Host.Turns;

/// <summary>
/// Turns a model output (plain text or a provider's JSON response) into the scripts of a turn,
/// before anything starts: the CLI <c>run</c> and <c>POST /api/turns</c> refuse the same outputs
/// with the same typed errors. A bad block refuses the whole turn, so nothing runs half-way.
/// </summary>
internal sealed class TurnParser(IOptions<ScriptLimits> limits)
{
    /// <summary>Reads <paramref name="output"/>: text, or JSON detected as one of the provider shapes.</summary>
    public ParsedTurn Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ModelOutput read;
        try
        {
            read = ModelOutputReader.Read(output);
        }
        catch (ScriptException ex)
        {
            return new ParsedTurn(null, 0) { Error = ex.Error };
        }

        return this.Parse(read);
    }

    /// <summary>Reads a provider response given as JSON, in <paramref name="format"/> or detected when null.</summary>
    public ParsedTurn Parse(JsonObject response, IProviderFormat? format)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            return this.Parse(format is not null ? ModelOutputReader.Read(response, format) : ModelOutputReader.Read(response));
        }
        catch (ScriptException ex)
        {
            return new ParsedTurn(format, 0) { Error = ex.Error };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException)
        {
            // A response whose shape contradicts the provider it was posted as: a parse error, never a 500.
            return new ParsedTurn(format, 0) { Error = ScriptError.Create(ScriptErrorCode.Parse, $"The output could not be read as {format?.Name ?? "a provider response"}: {ex.Message}") };
        }
    }

    /// <summary>
    /// Reads the text that continues a run (<c>continue</c>, <c>POST /api/runs/{id}/continue</c>):
    /// a model output like a turn's, or, when it holds no <c>&lt;tool-calls&gt;</c> block and is not
    /// a provider's JSON response, the corrected script itself, validated like a block.
    /// </summary>
    public ParsedTurn ParseScriptOrOutput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ParsedTurn turn = this.Parse(text);
        if (!turn.NoScript || turn.Format is not null || text.TrimStart().StartsWith('{') || string.IsNullOrWhiteSpace(text))
        {
            return turn;
        }

        ScriptValidation validation = ScriptValidator.Validate(text, this.Options);
        return validation.IsValid
            ? new ParsedTurn(null, 1) { Scripts = [text] }
            : new ParsedTurn(null, 1) { Error = validation.Error, ErrorBlock = 0 };
    }

    /// <summary>The detection options of this host, the same when a turn starts and when its follow-up is written.</summary>
    public ParseOptions Options => new() { MaxScriptBytes = limits.Value.MaxScriptBytes };

    private ParsedTurn Parse(ModelOutput output)
    {
        ParseOptions options = this.Options;
        DetectedMessage message = ScriptDetector.Detect(output, options);
        List<string> scripts = [];
        foreach (ScriptBlock block in message.Blocks)
        {
            ScriptError? error = block.Error;
            if (error is null)
            {
                ScriptValidation validation = ScriptValidator.Validate(block.Source, options);
                error = validation.IsValid ? null : validation.Error;
            }

            if (error is not null)
            {
                return new ParsedTurn(output.Format, message.Blocks.Count) { Error = error, ErrorBlock = block.Index };
            }

            scripts.Add(block.Source);
        }

        return new ParsedTurn(output.Format, message.Blocks.Count) { Scripts = scripts };
    }
}
