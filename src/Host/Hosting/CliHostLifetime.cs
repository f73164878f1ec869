namespace ScriptHarness.Host.Hosting;

/// <summary>
/// The lifetime of a CLI verb's host: none of its own. The generic host's console lifetime would
/// take SIGINT and SIGTERM too and swallow every repeat of them; the CLI handles signals itself
/// (<see cref="Cli.CliInterrupt"/>), so a second Ctrl-C still ends the process at once.
/// </summary>
internal sealed class CliHostLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
