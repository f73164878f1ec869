using System.Diagnostics.CodeAnalysis;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>The outcome of <see cref="ScriptValidator.Validate"/>: a validated script or a typed error.</summary>
public sealed record ScriptValidation
{
    private ScriptValidation(ValidatedScript? script, ScriptError? error)
    {
        this.Script = script;
        this.Error = error;
    }

    /// <summary>The validated script, when valid.</summary>
    public ValidatedScript? Script { get; }

    /// <summary>Why the script cannot run: <c>parse</c>, <c>syntax</c> or <c>typescript-syntax</c>.</summary>
    public ScriptError? Error { get; }

    /// <summary>Whether the script may run.</summary>
    [MemberNotNullWhen(true, nameof(Script))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => this.Script is not null;

    /// <summary>A valid outcome.</summary>
    public static ScriptValidation Valid(ValidatedScript script) => new(script ?? throw new ArgumentNullException(nameof(script)), null);

    /// <summary>A failed outcome.</summary>
    public static ScriptValidation Invalid(ScriptError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
