namespace ScriptHarness.Tests.Packages.Support;

/// <summary>What a finished child process left: its exit code and its output.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Transcript => $"exit {this.ExitCode}\n--- stdout\n{this.StandardOutput}\n--- stderr\n{this.StandardError}";
}
