using CsCheck;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Tests.Activities.Fuzz;

/// <summary>
/// Property tests of applyPatch's parser: on random patches built from its own markers, and on
/// truncations and mutations of a valid patch, it returns operations or throws its typed
/// <see cref="ToolException"/> (tool-validation), nothing else. 10,000 seeded iterations each.
/// </summary>
public class PatchParserFuzzTests
{
    private const long Iterations = 10_000;

    // Fixed, so a run is reproducible; CsCheck prints the seed of any failing case to rerun it alone.
    private const string Seed = "fie32q4OIn-1";

    private const string Valid = """
        *** Begin Patch
        *** Add File: docs/new.md
        +# Title
        +text
        *** Update File: src/app.js
        *** Move to: src/main.js
        @@ function main() {
         const a = 1;
        -const b = 2;
        +const b = 3;
        *** End of File
        *** Delete File: old.txt
        *** End Patch
        """;

    private static readonly string[] Pieces =
    [
        "*** Begin Patch", "*** End Patch", "*** Add File: ", "*** Delete File: ", "*** Update File: ", "*** Move to: ",
        "*** End of File", "@@", "@@ anchor", "+", "-", " ", "\n", "\r\n", "a.txt", "../x", "/abs", "line", "\t", "***", "\ud800",
    ];

    private static readonly Gen<string> RandomPatch = Gen.OneOf(
        Gen.String[0, 200],
        Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]).Array[0, 40].Select(parts => string.Concat(parts)));

    private static readonly Gen<string> MutatedPatch =
        Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 3], Gen.Char, (position, mutation, c) =>
        {
            int at = position % (Valid.Length + 1);
            return mutation switch
            {
                0 => Valid[..at],
                1 => at < Valid.Length ? Valid[..at] + c + Valid[(at + 1)..] : Valid + c,
                2 => Valid.Insert(at, c.ToString()),
                _ => at < Valid.Length ? Valid.Remove(at, 1) : Valid,
            };
        });

    [Fact]
    public void The_valid_patch_parses() => Assert.Equal(3, PatchParser.Parse(Valid).Count);

    [Fact]
    public void Random_patches_parse_or_fail_typed() => RandomPatch.Sample(ParsesOrFailsTyped, seed: Seed, iter: Iterations, threads: 1);

    [Fact]
    public void Mutated_patches_parse_or_fail_typed() => MutatedPatch.Sample(ParsesOrFailsTyped, seed: Seed, iter: Iterations, threads: 1);

    private static void ParsesOrFailsTyped(string patch)
    {
        try
        {
            IReadOnlyList<PatchOperation> operations = PatchParser.Parse(patch);
            Assert.NotEmpty(operations);
            Assert.All(operations, o => Assert.True(o.PatchLine >= 1, $"line {o.PatchLine}"));
        }
        catch (ToolException exception)
        {
            Assert.Equal(ScriptErrorCode.ToolValidation, exception.Error.Code);
        }
    }
}
