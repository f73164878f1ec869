using Jint.Native;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.ScriptRuntime.Facade;

/// <summary>Where the facade hands calls that passed its checks: the run's step machine.</summary>
internal interface IToolCallSink
{
    /// <summary>Makes a call and returns its promise (or, for a spawn, the <c>{id, done}</c> handle).</summary>
    JsValue Call(ToolDescriptor tool, JsValue args, bool spawned);

    /// <summary>Cancels a spawned call; true when it was still pending.</summary>
    bool CancelSpawned(JsValue id);
}
