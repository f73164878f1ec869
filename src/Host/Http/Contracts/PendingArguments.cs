using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Http.Contracts;

/// <summary>
/// A pending call's arguments as a JSON value for the HTTP wire. The run's custom status (and so
/// the recorded history) keeps them as JSON text cut to 2 KiB; a client should not have to parse
/// a string inside the JSON it already parsed, so they are handed out as the value itself.
/// </summary>
internal static class PendingArguments
{
    /// <summary>The arguments of <paramref name="call"/>; the cut text as a JSON string when they were cut (or are not JSON).</summary>
    public static JsonNode? Of(PendingCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.ArgsTruncated)
        {
            return JsonValue.Create(call.Args);
        }

        try
        {
            return JsonNode.Parse(call.Args);
        }
        catch (JsonException)
        {
            return JsonValue.Create(call.Args);
        }
    }
}
