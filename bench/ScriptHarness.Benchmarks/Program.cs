using System.Reflection;
using BenchmarkDotNet.Running;
using ScriptHarness.Benchmarks;

// Usage:
//   dotnet run -c Release --project bench/ScriptHarness.Benchmarks -- quick [name...]   quick runners, side-by-side ratios
//   dotnet run -c Release --project bench/ScriptHarness.Benchmarks -- bdn [BenchmarkDotNet args]
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(IQuickBench).Assembly).Run(args[1..]);
    return 0;
}

IQuickBench[] all = typeof(IQuickBench).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IQuickBench).IsAssignableFrom(t))
    .Select(t => (IQuickBench)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToArray();

string[] wanted = args.Length > 0 && args[0] == "quick" ? args[1..] : args;
IQuickBench[] selected = wanted.Length == 0 ? all : all.Where(b => wanted.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"No quick benchmark named {string.Join(", ", wanted)}. Known: {string.Join(", ", all.Select(b => b.Name))}");
    return 2;
}

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
foreach (IQuickBench bench in selected)
{
    Console.WriteLine($"== {bench.Name} ==");
    await bench.RunAsync(Console.Out, CancellationToken.None);
}

return 0;

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
