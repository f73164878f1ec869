namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>The literal tags that delimit a script in model text: lower-case, no attributes.</summary>
public static class ToolCallTags
{
    /// <summary>The opening tag.</summary>
    public const string Open = "<tool-calls>";

    /// <summary>The closing tag.</summary>
    public const string Close = "</tool-calls>";
}
