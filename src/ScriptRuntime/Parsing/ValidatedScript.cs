using Acornima.Ast;
using Jint;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>A script that passed validation, with Jint's parse of it so execution need not parse again.</summary>
/// <param name="Source">The script as written.</param>
/// <param name="Prepared">
/// The parse of <see cref="Scripts.ScriptWrapper.Wrap"/>(<see cref="Source"/>): evaluating it yields the
/// script's async function. Prepared with <see cref="ParseOptions.Strict"/>.
/// </param>
public sealed record ValidatedScript(string Source, Prepared<Script> Prepared);
