using System.Runtime.InteropServices;

namespace ScriptHarness.Host.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the CLI: the first one cancels <see cref="Token"/>, so a
/// watching verb stops waiting at once and leaves the run to the store; the process then exits
/// with <see cref="ExitCode"/> (130 or 143). A second signal is left to the system, which ends the
/// process at once (for a shutdown that takes too long). The run is durable either way.
/// </summary>
internal sealed class CliInterrupt : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;
    private int signal;

    private CliInterrupt()
    {
        this.registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, this.Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, this.Handle),
        ];
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => this.source.Token;

    /// <summary>Whether a signal arrived.</summary>
    public bool Interrupted => Volatile.Read(ref this.signal) != 0;

    /// <summary>The exit code for the signal that arrived: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode => Volatile.Read(ref this.signal) == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>Starts listening for the signals.</summary>
    public static CliInterrupt Listen() => new();

    /// <summary>The exit code of a verb, as the process should return it after an interrupt.</summary>
    public int Map(int code) => code == ExitCodes.Interrupted && this.Interrupted ? this.ExitCode : code;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in this.registrations)
        {
            registration.Dispose();
        }

        this.source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref this.signal, (int)context.Signal, 0) != 0)
        {
            return; // the second one: the system's default, the process ends now
        }

        // Keep the process alive so the verb can print the attach hint and stop the worker cleanly.
        context.Cancel = true;
        this.source.Cancel();
    }
}
