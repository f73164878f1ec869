namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>Who runs a tool.</summary>
public enum ToolKind
{
    /// <summary>A worker runs the tool as a durable activity.</summary>
    Local,

    /// <summary>The host resolves the call (e.g. the agent's client answers an <c>askUser</c>); the run waits for the posted result.</summary>
    External,
}
