using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.Files;

/// <summary>
/// <c>readFile({path, offset?, limit?})</c>: a window of lines of a text file. Binary files are
/// reported (<c>binary: true</c>), not dumped; invalid UTF-8 is decoded with U+FFFD and flagged.
/// A retry simply reads again.
/// </summary>
public sealed class ReadFileTool : WorkspaceTool
{
    /// <summary>The script-facing name.</summary>
    public const string ToolName = "readFile";

    internal const int DefaultLimit = 2000;
    internal const int MaxLimit = 20000;
    internal const int MaxLineChars = 4000;
    internal const long MaxFileBytes = 64L << 20;

    private static readonly ToolDescriptor Shape = new(
        ToolName,
        "Reads a text file of the workspace as a window of lines (offset is the 1-based first line, limit the number of lines). Binary files are reported, not returned.",
        ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "File path relative to the workspace root." },
            "offset": { "type": "integer", "minimum": 1, "description": "1-based first line (default 1)." },
            "limit": { "type": "integer", "minimum": 1, "maximum": 20000, "description": "Lines to return (default 2000)." }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """))
    {
        ResultSchema = ToolJson.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string" },
            "content": { "type": ["string", "null"], "description": "The lines of the window joined by \\n; null for a binary file." },
            "startLine": { "type": "integer" },
            "endLine": { "type": "integer", "description": "Last line returned (startLine - 1 when none)." },
            "totalLines": { "type": ["integer", "null"] },
            "truncated": { "type": "boolean", "description": "More lines follow the window, or long lines were cut." },
            "binary": { "type": "boolean" },
            "invalidUtf8": { "type": "boolean" },
            "size": { "type": "integer", "description": "File size in bytes." }
          },
          "required": ["path", "content", "startLine", "endLine", "totalLines", "truncated", "binary", "invalidUtf8", "size"]
        }
        """),
        DryRunResult = ToolJson.Parse("""{"path":"","content":"","startLine":1,"endLine":0,"totalLines":0,"truncated":false,"binary":false,"invalidUtf8":false,"size":0}"""),
        Effect = ToolEffect.Read,
        Facts = ToolFacts.PathArgument(ToolName, "path", required: true),
    };

    /// <inheritdoc />
    public override ToolDescriptor Descriptor => Shape;

    internal override Task<JsonElement> RunAsync(Workspace workspace, ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var args = ToolArguments.Parse(ToolName, invocation.Args, "path", "offset", "limit");
        string path = workspace.Resolve(args.RequiredString("path"));
        int offset = args.OptionalInt("offset", 1, int.MaxValue) ?? 1;
        int limit = args.OptionalInt("limit", 1, MaxLimit) ?? DefaultLimit;

        using SafeFileHandle file = workspace.OpenFileForRead(path);
        long size = RandomAccess.GetLength(file);
        if (size > MaxFileBytes)
        {
            throw ToolException.Refused(ToolErrorDetails.FileTooLarge, $"'{path}' is {size} bytes; readFile reads files up to {MaxFileBytes} bytes. Use grep or exec to look inside.");
        }

        byte[] bytes = FileContent.ReadAll(file, MaxFileBytes);
        if (FileContent.LooksBinary(bytes))
        {
            return Task.FromResult(ToolJson.ToElement(new JsonObject
            {
                ["path"] = path, ["content"] = null, ["startLine"] = offset, ["endLine"] = offset - 1, ["totalLines"] = null,
                ["truncated"] = false, ["binary"] = true, ["invalidUtf8"] = false, ["size"] = size,
            }));
        }

        bool invalid = !TextDecoding.IsValidUtf8(bytes);
        string text = TextDecoding.Decode(bytes);
        var window = new StringBuilder();
        int line = 0;
        int returned = 0;
        bool cut = false;
        int position = 0;
        while (position < text.Length)
        {
            int end = text.IndexOf('\n', position);
            int stop = end < 0 ? text.Length : end;
            line++;
            if (line >= offset && returned < limit)
            {
                ReadOnlySpan<char> content = text.AsSpan(position, stop - position).TrimEnd('\r');
                if (returned > 0)
                {
                    window.Append('\n');
                }

                if (content.Length > MaxLineChars)
                {
                    window.Append(content[..MaxLineChars]).Append(" … [line cut]");
                    cut = true;
                }
                else
                {
                    window.Append(content);
                }

                returned++;
            }

            if (end < 0)
            {
                break;
            }

            position = end + 1;
        }

        int endLine = offset + returned - 1;
        return Task.FromResult(ToolJson.ToElement(new JsonObject
        {
            ["path"] = path, ["content"] = window.ToString(), ["startLine"] = offset, ["endLine"] = endLine, ["totalLines"] = line,
            ["truncated"] = cut || endLine < line, ["binary"] = false, ["invalidUtf8"] = invalid, ["size"] = size,
        }));
    }
}
