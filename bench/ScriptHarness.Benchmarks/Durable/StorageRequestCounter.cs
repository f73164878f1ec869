using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// Counts this process's storage requests by kind (queue get / put / delete per queue, table
/// query / insert / merge per table, blob leases, ...), from the Azure SDK's own
/// <c>Azure-Core</c> event source: its <c>Request</c> event fires once per HTTP request the
/// pipeline sends (retries included), with the method and the URI (query values redacted,
/// names kept). No change to the backend: DTFx builds its clients from the connection string.
/// Enabling the event source costs our process some CPU per request, so the bench counts in a
/// pass of its own, never while it measures CPU.
/// </summary>
internal sealed class StorageRequestCounter : EventListener
{
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private (int Blob, int Queue, int Table, string Hub)? target;

    /// <summary>Starts counting the requests to these ports; <paramref name="hub"/> is stripped from table and queue names.</summary>
    public StorageRequestCounter(int blobPort, int queuePort, int tablePort, string hub)
    {
        target = (blobPort, queuePort, tablePort, hub);
    }

    /// <summary>The counts so far, and starts again from zero.</summary>
    public IReadOnlyDictionary<string, int> TakeSnapshot()
    {
        Dictionary<string, int> snapshot = new(StringComparer.Ordinal);
        foreach (string key in counts.Keys)
        {
            if (counts.TryRemove(key, out int value))
            {
                snapshot[key] = value;
            }
        }

        return snapshot;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor too, before this type's fields are set: touch none.
        if (eventSource.Name == "Azure-Core")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (target is not { } t || eventData.EventName != "Request" || eventData.Payload is not { Count: >= 3 } payload
            || payload[1] is not string method || payload[2] is not string uri || !Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed))
        {
            return;
        }

        string? kind = Classify(method, parsed, t.Blob, t.Queue, t.Table, t.Hub);
        if (kind is not null)
        {
            counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }
    }

    /// <summary>The kind of one request, e.g. <c>queue control get</c>, <c>table Instances merge</c>; null if not to this Azurite.</summary>
    internal static string? Classify(string method, Uri uri, int blobPort, int queuePort, int tablePort, string hub)
    {
        // Path: /{account}/{resource}[/...]; the query's names tell operations apart.
        string[] segments = uri.AbsolutePath.Trim('/').Split('/');
        string resource = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : "";
        string query = uri.Query.ToLowerInvariant();
        method = method.ToUpperInvariant();
        if (uri.Port == queuePort)
        {
            string queue = resource.Contains("-control-", StringComparison.Ordinal) ? "control" : resource.EndsWith("-workitems", StringComparison.Ordinal) ? "work-item" : "other";
            string op = segments.Length > 2 && segments[2] == "messages"
                ? method switch
                {
                    "GET" when query.Contains("peekonly", StringComparison.Ordinal) => "peek",
                    "GET" => "get",
                    "POST" => "put",
                    "DELETE" => "delete",
                    "PUT" => "update (visibility)",
                    _ => method,
                }
                : query.Contains("comp=metadata", StringComparison.Ordinal) ? "metadata" : method == "PUT" ? "create" : method;
            return $"queue {queue} {op}";
        }

        if (uri.Port == tablePort)
        {
            string table = resource.Split('(')[0];
            table = table.StartsWith(hub, StringComparison.OrdinalIgnoreCase) ? table[hub.Length..] : table;
            string op = method switch
            {
                "POST" when table == "$batch" => "transaction",
                "GET" => "query",
                "POST" => "insert",
                "PUT" => "upsert",
                "PATCH" or "MERGE" => "merge",
                "DELETE" => "delete",
                _ => method,
            };
            return $"table {table} {op}";
        }

        if (uri.Port == blobPort)
        {
            string op = query.Contains("comp=lease", StringComparison.Ordinal) ? "lease"
                : query.Contains("restype=container", StringComparison.Ordinal) ? "container"
                : method switch { "GET" => "read", "PUT" => "write", "HEAD" => "properties", _ => method };
            return $"blob {op}";
        }

        return null;
    }
}
