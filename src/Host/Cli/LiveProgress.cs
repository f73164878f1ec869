using System.Globalization;
using Spectre.Console;

namespace ScriptHarness.Host.Cli;

/// <summary>
/// Progress as a live display, for a terminal: a spinner line naming the calls in flight
/// (Spectre.Console's status display), with the start and end of each call printed above it as
/// lines. It pauses while the approval prompt asks (a live display and a question cannot share
/// the terminal) and comes back with the next call. A redirected stdout gets plain lines only.
/// </summary>
internal sealed class LiveProgress(IAnsiConsole console) : IAsyncDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);
    private readonly SortedDictionary<int, string> running = [];
    private readonly Lock gate = new();
    private CancellationTokenSource? stop;
    private Task? display;
    private StatusContext? shown;

    /// <summary>The lines printed above the live display (each escaped, never markup).</summary>
    public TextWriter Lines { get; } = new ConsoleLineWriter(console);

    /// <summary>A call started: it shows in the live line until it ends.</summary>
    public void Started(int callId, string tool)
    {
        lock (this.gate)
        {
            this.running[callId] = tool;
            this.Show();
            if (this.display is null)
            {
                this.stop = new CancellationTokenSource();
                CancellationToken token = this.stop.Token;
                this.display = console.Status().StartAsync(this.Describe(), async context =>
                {
                    lock (this.gate)
                    {
                        this.shown = context;
                    }

                    // Started and Ended update the line at once; this loop only keeps the display
                    // up (its spinner turning) until the prompt or the end takes it away.
                    while (!token.IsCancellationRequested)
                    {
                        await Task.Delay(Refresh, CancellationToken.None).ConfigureAwait(false);
                    }

                    lock (this.gate)
                    {
                        this.shown = null;
                    }
                });
            }
        }
    }

    /// <summary>A call ended.</summary>
    public void Ended(int callId)
    {
        lock (this.gate)
        {
            this.running.Remove(callId);
            this.Show();
        }
    }

    /// <summary>Takes the live line away (before a prompt, at the end); the next call brings it back.</summary>
    public async Task PauseAsync()
    {
        Task? shown;
        lock (this.gate)
        {
            this.stop?.Cancel();
            shown = this.display;
            this.display = null;
        }

        if (shown is not null)
        {
            await shown.ConfigureAwait(false);
        }

        lock (this.gate)
        {
            this.stop?.Dispose();
            this.stop = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await this.PauseAsync().ConfigureAwait(false);
        await this.Lines.DisposeAsync().ConfigureAwait(false);
    }

    // Redrawn at once, not at the display's next tick: a short call would otherwise never show.
    private void Show()
    {
        if (this.shown is { } context)
        {
            context.Status(this.Describe());
            context.Refresh();
        }
    }

    // Tool names come from the model's script: escaped for the terminal, then for Spectre's markup.
    private string Describe()
    {
        lock (this.gate)
        {
            string calls = this.running.Count == 0 ? "waiting"
                : "running " + string.Join(", ", this.running.Select(c => string.Create(CultureInfo.InvariantCulture, $"#{c.Key} {TerminalText.Line(c.Value)}")));
            return Markup.Escape(calls);
        }
    }

    /// <summary>A writer whose lines go to the console as plain text (so they print above a live display).</summary>
    private sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
    {
        private readonly System.Text.StringBuilder line = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                // One line per event: a long one is cut at the terminal's width (the report has it whole).
                string text = TerminalText.Line(this.line.ToString().TrimEnd('\r'));
                int width = Math.Max(console.Profile.Width - 1, 20);
                console.Write(new Text(text.Length > width ? string.Concat(text.AsSpan(0, width - 1), "…") : text));
                console.WriteLine();
                this.line.Clear();
            }
            else
            {
                this.line.Append(value);
            }
        }
    }
}
