namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>The name of the function a script is recorded as in provider conversations.</summary>
public static class ScriptToolName
{
    /// <summary>The tool name, <c>script</c>; its single argument is <c>script</c>, the source.</summary>
    public const string Name = "script";

    /// <summary>The argument that holds the script's source.</summary>
    public const string Argument = "script";
}
