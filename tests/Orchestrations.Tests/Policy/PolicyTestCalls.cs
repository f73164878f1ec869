using System.Text.Json;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.Orchestrations.Policy;

/// <summary>
/// Policy calls as the orchestrator builds them: with the facts the real built-in tools state
/// (their own parsers), so a test of the policy is also a test of what the tools tell it.
/// </summary>
internal static class PolicyTestCalls
{
    public const string Workspace = "/work/ws";

    private static readonly Dictionary<string, ToolDescriptor> BuiltIns =
        BuiltInTools.Create().ToDictionary(t => t.Descriptor.Name, t => t.Descriptor, StringComparer.Ordinal);

    public static PolicyCall Exec(params string[] argv) =>
        Call("exec", JsonSerializer.Serialize(new { command = argv }));

    public static PolicyCall Shell(string command) =>
        Call("exec", JsonSerializer.Serialize(new { command }));

    public static PolicyCall Patch(params string[] files) =>
        Call("applyPatch", JsonSerializer.Serialize(new
        {
            patch = "*** Begin Patch\n" + string.Concat(files.Select(f => $"*** Update File: {f}\n@@\n-a\n+b\n")) + "*** End Patch\n",
        }));

    public static PolicyCall AddFiles(params string[] files) =>
        Call("applyPatch", JsonSerializer.Serialize(new
        {
            patch = "*** Begin Patch\n" + string.Concat(files.Select(f => $"*** Add File: {f}\n+x\n")) + "*** End Patch\n",
        }));

    /// <summary>A call of a built-in tool (with its facts), or of a tool no registry knows.</summary>
    public static PolicyCall Call(string tool, string argsJson) =>
        PolicyCall.For(BuiltIns.GetValueOrDefault(tool), tool, Json(argsJson), Workspace);

    /// <summary>A call of a custom tool described by <paramref name="descriptor"/>.</summary>
    public static PolicyCall Call(ToolDescriptor descriptor, string argsJson) =>
        PolicyCall.For(descriptor, descriptor.Name, Json(argsJson), Workspace);

    public static ToolDescriptor Custom(string name, ToolEffect effect = ToolEffect.Unknown) =>
        new(name, $"Custom {name}.", Json("""{"type":"object"}""")) { Effect = effect };

    public static PolicyVerdict Decide(PolicyCall call, ApprovalPolicy? host = null, ApprovalPolicy? run = null) =>
        ApprovalPolicy.EvaluateEffective(host ?? ApprovalPolicy.Default, run, call);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
