using System.Text;
using System.Text.Json;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.ScriptRuntime.Declarations;

/// <summary>
/// Generates the TypeScript declaration of the <c>tools</c> object for the model's prompt: one
/// argument and one result type per tool (from its JSON schemas), each tool as a method returning
/// a promise, and <c>tools.spawn</c> with the same tools returning a handle, plus <c>cancel</c>;
/// then the script's other globals (<see cref="ScriptGlobalsDeclaration"/>: the error a call throws
/// and <c>context</c>).
/// </summary>
public static class ToolDeclarationGenerator
{
    /// <summary>The declaration text, ending with a line break.</summary>
    public static string Generate(IEnumerable<ToolDescriptor> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        List<ToolDescriptor> list = tools.ToList();
        var text = new StringBuilder();
        foreach (ToolDescriptor tool in list)
        {
            string name = JsonSchemaTypeWriter.Pascal(tool.Name);
            text.Append("type ").Append(name).Append("Args = ")
                .Append(new JsonSchemaTypeWriter(tool.ArgumentsSchema).Write(tool.ArgumentsSchema, 0)).Append(";\n");
            text.Append("type ").Append(name).Append("Result = ")
                .Append(tool.ResultSchema is JsonElement result ? new JsonSchemaTypeWriter(result).Write(result, 0) : "unknown").Append(";\n\n");
        }

        text.Append("/** A call started with tools.spawn: `id` cancels it with tools.spawn.cancel(id); `done` settles with its result. */\n");
        text.Append("interface SpawnHandle<T> {\n  readonly id: number;\n  readonly done: Promise<T>;\n}\n\n");
        text.Append("declare const tools: {\n");
        foreach (ToolDescriptor tool in list)
        {
            string description = tool.Kind == ToolKind.External
                ? tool.Description.TrimEnd() + "\nAnswered by the host; it may take a while."
                : tool.Description;
            Method(text, "  ", tool, description, "Promise");
        }

        text.Append("  /** Start calls without awaiting them (long tasks); the run waits for them, or cancels them, before it ends. */\n");
        text.Append("  readonly spawn: {\n");
        foreach (ToolDescriptor tool in list)
        {
            Method(text, "    ", tool, tool.Description, "SpawnHandle");
        }

        text.Append("    /** Cancel a spawned call; false when it had already finished. */\n");
        text.Append("    cancel(id: number): boolean;\n");
        text.Append("  };\n};\n\n");
        text.Append(ScriptGlobalsDeclaration.Text);
        return text.ToString();
    }

    private static void Method(StringBuilder text, string indent, ToolDescriptor tool, string description, string wrapper)
    {
        string name = JsonSchemaTypeWriter.Pascal(tool.Name);
        JsonSchemaTypeWriter.Doc(text, indent, description);
        text.Append(indent).Append(JsonSchemaTypeWriter.Key(tool.Name))
            .Append("(args").Append(ArgumentsOptional(tool.ArgumentsSchema) ? "?" : string.Empty).Append(": ").Append(name).Append("Args): ")
            .Append(wrapper).Append('<').Append(name).Append("Result>;\n");
    }

    // An argument object with no required property may be left out.
    private static bool ArgumentsOptional(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object &&
        !(schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array && required.GetArrayLength() > 0);
}
