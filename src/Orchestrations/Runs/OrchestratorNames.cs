namespace ScriptHarness.Orchestrations.Runs;

/// <summary>The registered names of the harness's orchestrators.</summary>
public static class OrchestratorNames
{
    /// <summary>One script run (<c>ScriptRunOrchestrator</c>).</summary>
    public const string ScriptRun = "ScriptRun";

    /// <summary>One model turn: its blocks' runs in order (<c>ScriptTurnOrchestrator</c>).</summary>
    public const string ScriptTurn = "ScriptTurn";
}
