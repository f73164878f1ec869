using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScriptHarness.Activities.Patching;
using ScriptHarness.Activities.Search;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Benchmarks.Activities;

/// <summary>
/// <c>quick tools</c>: our grep and fileSearch against <c>grep -rn</c> and <c>find | grep</c> over
/// a generated tree of 50,000 files, in the same run, and applyPatch of a 200-hunk patch on a
/// 20,000-line file. Medians of several alternating runs after one warm-up (so the page cache is
/// warm for all).
/// </summary>
public sealed class ToolsQuickBench : IQuickBench
{
    private const int TopDirs = 10;
    private const int MidDirs = 10;
    private const int LeafDirs = 10;
    private const int FilesPerDir = 50;
    private const int Runs = 9;

    public string Name => "tools";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        string root = Path.Combine(Path.GetTempPath(), "sh-bench-tools-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var generate = Stopwatch.StartNew();
            int files = GenerateTree(root);
            output.WriteLine($"tree: {files} files in {TopDirs * MidDirs * LeafDirs} directories, generated in {generate.ElapsedMilliseconds} ms ({root})");

            var grep = new GrepTool();
            var fileSearch = new FileSearchTool();
            ToolInvocation grepCall = Call(root, new { pattern = "needle_[0-9]+", limit = 5000 });
            ToolInvocation searchCall = Call(root, new { query = "widget4217", limit = 50 });

            int ourHits = (await grep.InvokeAsync(grepCall, cancellationToken)).GetProperty("matches").GetArrayLength();
            int theirHits = CountLines(Shell(root, "grep -rn -E 'needle_[0-9]+' ."));
            int ourFound = (await fileSearch.InvokeAsync(searchCall, cancellationToken)).GetProperty("totalMatches").GetInt32();
            int theirFound = CountLines(Shell(root, "find . -type f | grep -i 'widget4217'"));
            output.WriteLine($"check: grep hits ours {ourHits} / grep -rn {theirHits}; fileSearch matches ours {ourFound} / find|grep {theirFound} (fuzzy matches a superset)");

            (double ourGrep, double theirGrep) = await PairedMediansAsync(
                () => grep.InvokeAsync(grepCall, cancellationToken),
                () => Task.FromResult(Shell(root, "grep -rn -E 'needle_[0-9]+' .")));
            (double ourSearch, double theirSearch) = await PairedMediansAsync(
                () => fileSearch.InvokeAsync(searchCall, cancellationToken),
                () => Task.FromResult(Shell(root, "find . -type f | grep -i 'widget4217'")));

            (double patchMs, int hunks, int lines) = await PatchBenchAsync(root, cancellationToken);

            output.WriteLine();
            output.WriteLine($"{"operation",-44} {"ours (ms)",10} {"baseline (ms)",14} {"ratio",7}");
            Row(output, "grep regex, 50k files (vs grep -rn)", ourGrep, theirGrep);
            Row(output, "fileSearch fuzzy, 50k files (vs find|grep)", ourSearch, theirSearch);
            output.WriteLine($"{$"applyPatch {hunks} hunks on a {lines}-line file",-44} {patchMs,10:F1} {"-",14} {"-",7}");
            output.WriteLine($"(medians of {Runs} alternating runs after a warm-up; ratio = ours / baseline, lower is better)");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Row(TextWriter output, string name, double ours, double baseline) =>
        output.WriteLine($"{name,-44} {ours,10:F1} {baseline,14:F1} {ours / baseline,7:F2}");

    private static int GenerateTree(string root)
    {
        int n = 0;
        var text = new StringBuilder();
        for (int a = 0; a < TopDirs; a++)
        {
            for (int b = 0; b < MidDirs; b++)
            {
                for (int c = 0; c < LeafDirs; c++)
                {
                    string dir = Path.Combine(root, $"pkg{a}", $"module{b}", $"part{c}");
                    Directory.CreateDirectory(dir);
                    for (int f = 0; f < FilesPerDir; f++, n++)
                    {
                        text.Clear();
                        text.Append(CultureInfo.InvariantCulture, $"// widget{n} generated for the benchmark\n");
                        text.Append(CultureInfo.InvariantCulture, $"namespace Pkg{a}.Module{b};\n\npublic sealed class Widget{n}\n{{\n");
                        for (int line = 0; line < 12; line++)
                        {
                            text.Append(CultureInfo.InvariantCulture, $"    public int Value{line}(int x) => x * {line + n} + {line};\n");
                        }

                        if (n % 100 == 7)
                        {
                            text.Append(CultureInfo.InvariantCulture, $"    // needle_{n}\n");
                        }

                        text.Append("}\n");
                        File.WriteAllText(Path.Combine(dir, $"widget{n}.cs"), text.ToString());
                    }
                }
            }
        }

        return n;
    }

    private static async Task<(double Ms, int Hunks, int Lines)> PatchBenchAsync(string root, CancellationToken cancellationToken)
    {
        const int Lines = 20_000;
        const int Hunks = 200;
        string dir = Path.Combine(root, "patch");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "big.txt");
        string original = string.Concat(Enumerable.Range(1, Lines).Select(i => $"line {i}: some text that stands for code {i % 97}\n"));
        var patch = new StringBuilder("*** Begin Patch\n*** Update File: big.txt\n");
        for (int h = 0; h < Hunks; h++)
        {
            int target = 50 + (h * (Lines / Hunks));
            patch.Append("@@\n");
            for (int k = target - 3; k < target; k++)
            {
                patch.Append(CultureInfo.InvariantCulture, $" line {k}: some text that stands for code {k % 97}\n");
            }

            patch.Append(CultureInfo.InvariantCulture, $"-line {target}: some text that stands for code {target % 97}\n");
            patch.Append(CultureInfo.InvariantCulture, $"+line {target}: CHANGED by hunk {h}\n");
            for (int k = target + 1; k <= target + 3; k++)
            {
                patch.Append(CultureInfo.InvariantCulture, $" line {k}: some text that stands for code {k % 97}\n");
            }
        }

        patch.Append("*** End Patch\n");
        var tool = new ApplyPatchTool();
        ToolInvocation call = Call(dir, new { patch = patch.ToString() });
        var times = new List<double>();
        for (int run = 0; run <= Runs; run++)
        {
            await File.WriteAllTextAsync(file, original, cancellationToken);
            var clock = Stopwatch.StartNew();
            JsonElement result = await tool.InvokeAsync(call, cancellationToken);
            clock.Stop();
            if (result.GetProperty("modified").GetArrayLength() != 1)
            {
                throw new InvalidOperationException("the benchmark patch did not apply");
            }

            if (run > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return (Median(times), Hunks, Lines);
    }

    // Ours and the baseline alternate, so a change of machine load affects both alike.
    private static async Task<(double Ours, double Baseline)> PairedMediansAsync<T1, T2>(Func<Task<T1>> ours, Func<Task<T2>> baseline)
    {
        await ours();
        await baseline();
        var ourTimes = new List<double>();
        var baselineTimes = new List<double>();
        for (int i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await ours();
            ourTimes.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await baseline();
            baselineTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        return (Median(ourTimes), Median(baselineTimes));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static ToolInvocation Call(string workspace, object args) =>
        new("bench:1", 1, workspace, JsonSerializer.SerializeToElement(args));

    private static string Shell(string cwd, string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = cwd, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using Process process = Process.Start(start)!;
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    private static int CountLines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}
