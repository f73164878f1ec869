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
    /// <summary>
    /// The declaration text for a host with tool discovery: above <see cref="ToolDiscoveryOptions.Threshold"/>
    /// tools, names and one-line summaries only, with <c>tools.$describe</c> and <c>tools.$search</c>;
    /// otherwise the full declaration (<see cref="Generate(IEnumerable{ToolDescriptor})"/>).
    /// </summary>
    public static string Generate(IEnumerable<ToolDescriptor> tools, ToolDiscoveryOptions? discovery)
    {
        ArgumentNullException.ThrowIfNull(tools);
        List<ToolDescriptor> list = tools.ToList();
        return discovery is not null && discovery.IsCompact(list.Count) ? CompactToolDeclaration.Generate(list) : Generate(list);
    }

    /// <summary>The declaration text, ending with a line break.</summary>
    public static string Generate(IEnumerable<ToolDescriptor> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        List<ToolDescriptor> list = tools.ToList();
        IReadOnlyDictionary<string, string> aliases = ToolNames.Aliases(list);
        var text = new StringBuilder();
        foreach (ToolDescriptor tool in list)
        {
            string name = TypeName(tool);
            text.Append("type ").Append(name).Append("Args = ")
                .Append(new JsonSchemaTypeWriter(tool.ArgumentsSchema).Write(tool.ArgumentsSchema, 0)).Append(";\n");
            text.Append("type ").Append(name).Append("Result = ")
                .Append(tool.ResultSchema is JsonElement result ? new JsonSchemaTypeWriter(result).Write(result, 0) : "unknown").Append(";\n\n");
        }

        text.Append("/** A call started with tools.spawn: `id` cancels it with tools.spawn.cancel(id); `done` settles with its result. */\n");
        text.Append("interface SpawnHandle<T> {\n  readonly id: number;\n  readonly done: Promise<T>;\n}\n\n");
        text.Append("declare const tools: {\n");
        Members(text, list, aliases, 0, "  ", "Promise", "tools");
        text.Append("  /** Start calls without awaiting them (long tasks); the run waits for them, or cancels them, before it ends. */\n");
        text.Append("  readonly spawn: {\n");
        Members(text, list, aliases, 0, "    ", "SpawnHandle", "tools.spawn");
        text.Append("    /** Cancel a spawned call; false when it had already finished. */\n");
        text.Append("    cancel(id: number): boolean;\n");
        text.Append("  };\n};\n\n");
        text.Append(ScriptGlobalsDeclaration.Text);
        return text.ToString();
    }

    // The members at one depth of the tools object: tools at this level, then each namespace as a nested object.
    private static void Members(StringBuilder text, List<ToolDescriptor> tools, IReadOnlyDictionary<string, string> aliases, int depth, string indent, string wrapper, string prefix)
    {
        foreach (ToolDescriptor tool in tools.Where(t => ToolNames.PathOf(t).Count == depth + 1))
        {
            string member = ToolNames.PathOf(tool)[^1];
            string description = tool.Kind == ToolKind.External
                ? tool.Description.TrimEnd() + "\nAnswered by the host; it may take a while."
                : tool.Description;
            string? alias = aliases.GetValueOrDefault(tool.Name);
            if (alias is not null)
            {
                // The alias is the name to write; the tool's own name reaches the same function.
                description = description.TrimEnd() + $"\nAlso {prefix}[{JsonSerializer.Serialize(member, Serialization.ModelReportFormatter.ModelJson)}].";
            }

            Method(text, indent, tool, alias ?? member, description, wrapper);
        }

        foreach (IGrouping<string, ToolDescriptor> ns in tools
            .Where(t => ToolNames.PathOf(t).Count > depth + 1)
            .GroupBy(t => ToolNames.PathOf(t)[depth], StringComparer.Ordinal))
        {
            text.Append(indent).Append("readonly ").Append(JsonSchemaTypeWriter.Key(ns.Key)).Append(": {\n");
            Members(text, [.. ns], aliases, depth + 1, indent + "  ", wrapper, prefix + "." + ns.Key);
            text.Append(indent).Append("};\n");
        }
    }

    private static void Method(StringBuilder text, string indent, ToolDescriptor tool, string member, string description, string wrapper)
    {
        string name = TypeName(tool);
        JsonSchemaTypeWriter.Doc(text, indent, description);
        text.Append(indent).Append(JsonSchemaTypeWriter.Key(member))
            .Append("(args").Append(ArgumentsOptional(tool.ArgumentsSchema) ? "?" : string.Empty).Append(": ").Append(name).Append("Args): ")
            .Append(wrapper).Append('<').Append(name).Append("Result>;\n");
    }

    // readFile -> ReadFile; mcp/everything/get-sum -> McpEverythingGetSum.
    private static string TypeName(ToolDescriptor tool) =>
        tool.ScriptPath is { Count: > 0 } path
            ? string.Concat(path.Select(segment => JsonSchemaTypeWriter.Pascal(ToolNames.Alias(segment))))
            : JsonSchemaTypeWriter.Pascal(tool.Name);

    // An argument object with no required property may be left out.
    private static bool ArgumentsOptional(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object &&
        !(schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array && required.GetArrayLength() > 0);
}
