using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// Builds the script's frozen <c>context</c> object: identity, provider and model when known, the
/// mode, the limits in force, the tool names, and the workspace as a display name (never the
/// host's absolute path).
/// </summary>
internal static class RunContextJson
{
    public static JsonElement Build(string runId, ScriptRunInput input, ScriptLimits limits, IReadOnlyList<ToolDescriptor> tools)
    {
        RunContext c = input.Context;
        JsonObject context = new()
        {
            ["runId"] = runId,
            ["conversationId"] = c.ConversationId,
            ["turnId"] = c.TurnId,
            ["blockIndex"] = c.BlockIndex,
            ["provider"] = c.Provider,
            ["model"] = c.Model,
            ["mode"] = JsonNamingPolicy.KebabCaseLower.ConvertName(c.Mode.ToString()),
            ["workspace"] = c.WorkspaceDisplay,
            ["workingDirectory"] = c.WorkspaceDisplay,
            ["limits"] = new JsonObject
            {
                ["executionTimeMs"] = limits.ExecutionTimeMs,
                ["memoryBytes"] = limits.MemoryBytes,
                ["maxToolCalls"] = limits.MaxToolCalls,
                ["maxToolCallsInFlight"] = limits.MaxToolCallsInFlight,
                ["maxToolResultBytes"] = limits.MaxToolResultBytes,
                ["remainingToolBudget"] = limits.MaxToolCalls,
            },
            ["tools"] = new JsonArray([.. tools.Select(t => (JsonNode?)JsonValue.Create(t.Name))]),
            ["approvals"] = new JsonObject
            {
                ["mode"] = JsonNamingPolicy.KebabCaseLower.ConvertName(Stricter(input).ToString()),
                ["expiryMs"] = (long)input.ApprovalExpiry.TotalMilliseconds,
            },
        };
        return JsonSerializer.SerializeToElement(context);
    }

    private static ApprovalMode Stricter(ScriptRunInput input) =>
        input.RunPolicy is { } run && run.Mode != ApprovalMode.OnRequest ? run.Mode : input.HostPolicy.Mode;
}
