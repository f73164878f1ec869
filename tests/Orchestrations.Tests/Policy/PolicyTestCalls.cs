using System.Text.Json;
using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Tests.Orchestrations.Policy;

internal static class PolicyTestCalls
{
    public const string Workspace = "/work/ws";

    public static PolicyCall Exec(params string[] argv) =>
        Call("exec", JsonSerializer.Serialize(new { command = argv }));

    public static PolicyCall Shell(string command) =>
        Call("exec", JsonSerializer.Serialize(new { command }));

    public static PolicyCall Patch(params string[] files) =>
        Call("applyPatch", JsonSerializer.Serialize(new
        {
            patch = "*** Begin Patch\n" + string.Concat(files.Select(f => $"*** Update File: {f}\n@@\n-a\n+b\n")) + "*** End Patch\n",
        }));

    public static PolicyCall Call(string tool, string argsJson) =>
        new(tool, JsonDocument.Parse(argsJson).RootElement.Clone(), Workspace);

    public static PolicyVerdict Decide(PolicyCall call, ApprovalPolicy? host = null, ApprovalPolicy? run = null) =>
        ApprovalPolicy.EvaluateEffective(host ?? ApprovalPolicy.Default, run, call);
}
