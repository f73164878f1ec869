namespace ScriptHarness.Durable.Backends;

/// <summary>
/// A backend client that lists instances newest first from an index in its store, filtered by
/// status, name, creation time, id prefix and the two properties the harness lists runs by (a
/// running instance's phase and the conversation), with keyset paging: a page costs the same
/// whether it is the first or the thousandth, and however many instances do not match. Implemented
/// by the SQLite store; on the Azure Storage and in-memory backends callers filter the framework's
/// query results themselves.
/// </summary>
public interface IInstanceListClient
{
    /// <summary>One page of the instances that match <paramref name="query"/>, newest first (creation time, then instance id, both descending).</summary>
    /// <param name="query">The filters, the page size and where the page starts.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<InstanceListPage> ListInstancesAsync(InstanceListQuery query, CancellationToken cancellationToken = default);
}
