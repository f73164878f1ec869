namespace ScriptHarness.Tests.Host.Support;

/// <summary>Model outputs used by the tests.</summary>
public static class Scripts
{
    public static string Block(string script) => $"Working on it.\n\n<tool-calls>\n{script}\n</tool-calls>";

    /// <summary>A command the default policy asks about (sh is not read-only).</summary>
    public const string AskingCommand = """await tools.exec({ command: ["sh", "-c", "echo checked > checked.txt"] })""";

    /// <summary>Two commands the default policy asks about, in flight together; the script returns the sum of their exit codes.</summary>
    public const string TwoParallelAskingCommands = """
        const [a, b] = await Promise.all([
          tools.exec({ command: ["sh", "-c", "echo a > a.txt"] }),
          tools.exec({ command: ["sh", "-c", "echo b > b.txt"] }),
        ]);
        return a.exitCode + b.exitCode;
        """;

    public static string ReadExample(string name) => File.ReadAllText(Path.Combine(RepoPaths.Examples, name));
}
