using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Dashboard;

/// <summary>
/// Server-sent events that tell an open page its data changed: the server reads the run (or the
/// list) through <see cref="ScriptRunClient"/> every second and sends <c>changed</c> when what the
/// page shows is different; the page's script then fetches the page again and swaps its main part.
/// The event carries only a short state label, never model-controlled text.
/// </summary>
internal static class LiveEvents
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The stream for a page that showed version <paramref name="v"/> of the run (or of the list):
    /// the first read is compared with what the page showed, so a change between the page's
    /// render and the stream's start is not lost.
    /// </summary>
    public static IResult Stream(string? run, string? v, ScriptRunClient runs, IHostApplicationLifetime lifetime, HttpContext http) =>
        run is not null && InstanceIdRules.Problem(run, "run") is { } problem
            ? ScriptHarness.Host.Http.Problems.Create(StatusCodes.Status400BadRequest, "invalid-request", problem, "run")
            : TypedResults.ServerSentEvents(Changes(run, v, runs, lifetime.ApplicationStopping, http.RequestAborted));

    /// <summary>The live URL of a page that shows the run <paramref name="run"/> (null: the list) as it is now.</summary>
    public static async Task<string> UrlAsync(ScriptRunClient runs, string? run, CancellationToken cancellationToken)
    {
        (string fingerprint, _) = await ReadAsync(runs, run, cancellationToken).ConfigureAwait(false);
        string query = run is null ? "?list=1" : "?run=" + Uri.EscapeDataString(run);
        return DashboardPaths.Live + query + "&v=" + Version(fingerprint);
    }

    // A fingerprint holds progress text: only its hash leaves the server.
    private static string Version(string fingerprint) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)).AsSpan(0, 12));

    private static async IAsyncEnumerable<SseItem<string>> Changes(string? run, string? shown, ScriptRunClient runs, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted)
    {
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        CancellationToken cancellationToken = linked.Token;
        string? last = shown;
        bool first = true;
        using PeriodicTimer timer = new(Interval);
        while (!cancellationToken.IsCancellationRequested)
        {
            (string fingerprint, string label) = await ReadAsync(runs, run, cancellationToken).ConfigureAwait(false);
            string version = Version(fingerprint);
            if (last is not null && !string.Equals(version, last, StringComparison.Ordinal))
            {
                yield return new SseItem<string>(label, "changed");
            }
            else if (first)
            {
                yield return new SseItem<string>(label, "hello");
            }

            first = false;
            last = version;
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static async Task<(string, string)> ReadAsync(ScriptRunClient runs, string? run, CancellationToken cancellationToken)
    {
        try
        {
            return run is null ? await ListAsync(runs, cancellationToken).ConfigureAwait(false) : await RunAsync(runs, run, cancellationToken).ConfigureAwait(false);
        }
        catch (ScriptRunClientException)
        {
            return ("unavailable", "unavailable");
        }
        catch (OperationCanceledException)
        {
            return ("stopping", "stopping");
        }
    }

    private static async Task<(string, string)> RunAsync(ScriptRunClient runs, string id, CancellationToken cancellationToken)
    {
        RunView? view = await runs.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return ("gone", "gone");
        }

        RunStatus? s = view.Status;
        StringBuilder b = new();
        b.Append(view.RuntimeStatus).Append('|').Append(s?.Phase).Append('|').Append(s?.CallsDone).Append('|').Append(s?.CallsInFlight).Append('|').Append(s?.LastProgress);
        foreach (PendingCall p in s?.Pending ?? [])
        {
            b.Append("|p").Append(p.CallId);
        }

        foreach (DecidedCall d in s?.Decided ?? [])
        {
            b.Append("|d").Append(d.CallId).Append(d.Verdict).Append(d.Delivered);
        }

        string label = s?.Phase is { } phase && view.Status is not null && view.RuntimeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Running
            ? $"{view.RuntimeStatus} ({phase})"
            : view.RuntimeStatus.ToString();
        return (b.ToString(), label);
    }

    private static async Task<(string, string)> ListAsync(ScriptRunClient runs, CancellationToken cancellationToken)
    {
        RunListPage page = await runs.ListRunsAsync(null, 100, null, cancellationToken).ConfigureAwait(false);
        StringBuilder b = new();
        int awaiting = 0;
        foreach (RunListItem item in page.Items)
        {
            b.Append(item.InstanceId).Append(item.RuntimeStatus).Append(item.Phase).Append(item.LastUpdatedAt.UtcTicks).Append('|');
            awaiting += item.Phase == RunPhase.AwaitingApproval ? 1 : 0;
        }

        return (b.ToString(), $"{awaiting} awaiting approval");
    }
}
