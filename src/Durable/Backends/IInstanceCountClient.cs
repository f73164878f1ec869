using DurableTask.Core;

namespace ScriptHarness.Durable.Backends;

/// <summary>
/// A backend client that counts the instances matching a list query in its store (a
/// <c>COUNT</c> over the same indexes <see cref="IInstanceListClient"/> pages through), without
/// reading them. Implemented by the SQLite store; elsewhere callers count what they list.
/// </summary>
public interface IInstanceCountClient
{
    /// <summary>
    /// How many instances match <paramref name="query"/>'s filters, by runtime status (statuses
    /// with none are left out); its cursor and page size are ignored.
    /// </summary>
    /// <param name="query">The filters, as for a list.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyDictionary<OrchestrationStatus, long>> CountInstancesAsync(InstanceListQuery query, CancellationToken cancellationToken = default);
}
