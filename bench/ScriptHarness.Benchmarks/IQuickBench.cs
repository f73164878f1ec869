namespace ScriptHarness.Benchmarks;

/// <summary>
/// A quick comparative benchmark: runs in seconds, prints side-by-side figures and ratios of one
/// run (micro-figures belong to BenchmarkDotNet suites). Each area adds its own implementations.
/// </summary>
public interface IQuickBench
{
    /// <summary>Name used on the command line, e.g. <c>runtime</c>.</summary>
    string Name { get; }

    /// <summary>Runs the benchmark and writes its table to <paramref name="output"/>.</summary>
    Task RunAsync(TextWriter output, CancellationToken cancellationToken);
}
