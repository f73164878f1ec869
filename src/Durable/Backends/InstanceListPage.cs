using DurableTask.Core;

namespace ScriptHarness.Durable.Backends;

/// <summary>A page of <see cref="IInstanceListClient.ListInstancesAsync"/>.</summary>
/// <param name="Items">The instances, newest first.</param>
/// <param name="HasMore">Whether instances after the last one match too.</param>
public sealed record InstanceListPage(IReadOnlyList<InstanceListEntry> Items, bool HasMore);

/// <summary>One instance of a list: its state without input and output, and its conversation.</summary>
/// <param name="State">Its state (custom status and failure included; input and output not read).</param>
/// <param name="ConversationId">The conversation its input names (a script run's <c>Context.ConversationId</c>, a turn's <c>ConversationId</c>), or null.</param>
public sealed record InstanceListEntry(OrchestrationState State, string? ConversationId);
