namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>Options of detection and validation.</summary>
public sealed record ParseOptions
{
    /// <summary>The default size limit of one script: 64 KiB of UTF-8.</summary>
    public const int DefaultMaxScriptBytes = 64 * 1024;

    /// <summary>The defaults.</summary>
    public static ParseOptions Default { get; } = new();

    /// <summary>Largest script accepted, in UTF-8 bytes.</summary>
    public int MaxScriptBytes { get; init; } = DefaultMaxScriptBytes;

    /// <summary>
    /// Whether scripts are checked (and prepared) as strict-mode code. The sandbox runs strict so
    /// that writes to frozen objects throw; keep the two in agreement.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>
    /// The match timeout compiled into the script's regex literals, when set; execution should pass
    /// its own deadline here so that a prepared script and a script parsed at run time behave the
    /// same. Null keeps Jint's default.
    /// </summary>
    public TimeSpan? RegexTimeout { get; init; }

    /// <summary>
    /// Whether <c>&lt;thinking&gt;</c> and <c>&lt;think&gt;</c> spans in text are thinking: tags inside
    /// them are never scripts.
    /// </summary>
    public bool InlineThinking { get; init; } = true;
}
