namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>
/// What a tool can do to the world, as the approval policy judges it. A tool declares its
/// effect on its <see cref="ToolDescriptor"/>; a tool that declares none is <see cref="Unknown"/>
/// and the default policy asks before every call of it.
/// </summary>
[Flags]
public enum ToolEffect
{
    /// <summary>Nothing declared: the policy cannot know what the tool does, so it asks.</summary>
    Unknown = 0,

    /// <summary>Reads files (the paths in <see cref="ToolCallFacts.Paths"/>).</summary>
    Read = 1,

    /// <summary>Creates, changes or deletes files (the paths in <see cref="ToolCallFacts.Paths"/>).</summary>
    Write = 2,

    /// <summary>Runs a program (described by <see cref="ToolCallFacts.Command"/>).</summary>
    Execute = 4,

    /// <summary>Reaches the network.</summary>
    Network = 8,

    /// <summary>The host answers the call (e.g. the agent's client); nothing runs on a worker.</summary>
    HostResolved = 16,
}
