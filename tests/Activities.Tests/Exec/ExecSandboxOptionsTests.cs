using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Options;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Exec;

/// <summary>Choosing the sandbox: never unsandboxed by accident, never silently.</summary>
public sealed class ExecSandboxOptionsTests : IDisposable
{
    private readonly TempWorkspace ws = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public void Sandbox_none_without_the_acknowledgement_fails_start_up_naming_the_key()
    {
        using ServiceProvider provider = Provider(new() { ["activities:exec:sandbox"] = "none" }, out _);

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ActivitiesOptions>>().Value);

        Assert.Contains("activities.exec.acknowledgeUnsandboxedExec", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_sandbox_fails_start_up()
    {
        using ServiceProvider provider = Provider(new() { ["activities:exec:sandbox"] = "chroot" }, out _);

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ActivitiesOptions>>().Value);

        Assert.Contains("activities.exec.sandbox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_none_with_the_acknowledgement_warns_at_start_and_runs_unconfined()
    {
        using ServiceProvider provider = Provider(new() { ["activities:exec:sandbox"] = "none", ["activities:exec:acknowledgeUnsandboxedExec"] = "true" }, out List<string> warnings);

        ActivitiesOptions options = provider.GetRequiredService<IOptions<ActivitiesOptions>>().Value;
        JsonElement result = await this.ws.Invoke(new ExecTool(options.Exec), new { command = $"cat '{Path.Combine(this.ws.Outside, "secret.txt")}'" });

        Assert.Contains(warnings, w => w.Contains("WITHOUT an OS sandbox", StringComparison.Ordinal));
        Assert.Equal("TOP SECRET\n", result.Str("stdout"));
    }

    [Fact]
    public void The_default_is_bubblewrap_and_logs_no_warning()
    {
        using ServiceProvider provider = Provider([], out List<string> warnings);

        ActivitiesOptions options = provider.GetRequiredService<IOptions<ActivitiesOptions>>().Value;

        Assert.Equal("bubblewrap", options.Exec.Sandbox);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("/nonexistent/bwrap")] // not installed
    [InlineData("/bin/false")]         // present but cannot build the sandbox
    public async Task A_missing_or_broken_bubblewrap_fails_with_sandbox_unavailable_and_runs_nothing(string bwrap)
    {
        var tool = new ExecTool(new ExecOptions { BubblewrapPath = bwrap });

        ToolException error = await this.ws.Fails(tool, new { command = "touch ran" });

        Assert.Equal(ToolErrorDetails.SandboxUnavailable, error.Detail);
        Assert.Equal(ScriptErrorCode.ToolFailed, error.Error.Code);
        Assert.Contains("apt-get install bubblewrap", error.Error.Message, StringComparison.Ordinal);
        Assert.Contains("acknowledgeUnsandboxedExec", error.Error.Message, StringComparison.Ordinal);
        Assert.False(this.ws.Exists("ran"), "the command ran without its sandbox");
    }

    [Fact]
    public async Task Unacknowledged_none_built_without_validation_still_runs_sandboxed()
    {
        var tool = new ExecTool(new ExecOptions { Sandbox = "none" });

        JsonElement result = await this.ws.Invoke(tool, new { command = $"cat '{Path.Combine(this.ws.Outside, "secret.txt")}'" });

        Assert.DoesNotContain("TOP SECRET", result.Str("stdout"), StringComparison.Ordinal);
        Assert.NotEqual(0, result.Int("exitCode"));
    }

    [Fact]
    public async Task A_read_only_path_below_tmp_is_visible_in_the_sandbox_and_stays_read_only()
    {
        // The sandbox's private /tmp is mounted before the extra paths, so one below /tmp (a
        // host.json command tool's folder in a temporary checkout) is not hidden by it.
        ExecOptions options = new();
        options.ReadOnlyPaths.Add(this.ws.Outside);
        ExecTool exec = new(options);

        JsonElement read = await this.ws.Invoke(exec, new { command = $"cat '{Path.Combine(this.ws.Outside, "secret.txt")}'" });
        JsonElement write = await this.ws.Invoke(exec, new { command = $"echo x > '{Path.Combine(this.ws.Outside, "new.txt")}'" });

        Assert.Equal("TOP SECRET\n", read.Str("stdout"));
        Assert.NotEqual(0, write.Int("exitCode"));
        Assert.False(File.Exists(Path.Combine(this.ws.Outside, "new.txt")));
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings, out List<string> warnings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logged = new List<string>();
        warnings = logged;
        return new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new ListLoggerProvider(logged)))
            .AddScriptHarnessTools(configuration)
            .BuildServiceProvider();
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (this.IsEnabled(logLevel))
                {
                    lock (lines)
                    {
                        lines.Add(formatter(state, exception));
                    }
                }
            }
        }
    }
}
