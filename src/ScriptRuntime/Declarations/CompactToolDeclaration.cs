using System.Text;
using System.Text.Json;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.ScriptRuntime.Declarations;

/// <summary>
/// The declaration of a large tool set (more tools than <see cref="ToolDiscoveryOptions.Threshold"/>):
/// each tool's name and one-line summary only, with <c>tools.$describe(name)</c> and
/// <c>tools.$search(query)</c> to read the rest when the script needs it, so the prompt stays small.
/// </summary>
internal static class CompactToolDeclaration
{
    public static string Generate(IReadOnlyList<ToolDescriptor> tools)
    {
        IReadOnlyDictionary<string, string> aliases = ToolNames.Aliases(tools);
        StringBuilder text = new();
        text.Append("""
            /** What tools.$describe(name) answers. */
            interface ToolDescription {
              readonly name: string;
              /** How a script calls it, e.g. tools.readFile. */
              readonly call: string;
              readonly summary: string;
              readonly description: string;
              readonly kind: 'local' | 'host-resolved';
              /** What it does to the world: 'read', 'write', 'execute', 'network', 'host-resolved'. */
              readonly effect: readonly string[];
              /** JSON Schema of the one argument object. */
              readonly parameters: object;
              /** JSON Schema of the result, when declared. */
              readonly result: object | null;
            }

            /** One hit of tools.$search. */
            interface ToolSearchHit {
              readonly name: string;
              readonly call: string;
              readonly summary: string;
              readonly score: number;
            }

            /** A call started with tools.spawn: `id` cancels it with tools.spawn.cancel(id); `done` settles with its result. */
            interface SpawnHandle<T> {
              readonly id: number;
              readonly done: Promise<T>;
            }


            """);
        text.Append("/**\n * ").Append(tools.Count).Append(" tools, listed by name and summary only. Before calling a tool, read its argument\n")
            .Append(" * schema with tools.$describe(name) (synchronous, no await needed); find tools by what they do with tools.$search(query).\n */\n");
        text.Append("declare const tools: {\n");
        Members(text, tools, aliases, 0, "  ");
        text.Append("  /** The full description, JSON schemas and effect of one tool; a name that is not a tool throws a ToolError with code 'tool-validation', detail 'unknown-tool'. */\n");
        text.Append("  $describe(name: string): ToolDescription;\n");
        text.Append("  /** The tools whose name or description match the words of `query`, best first (at most `limit`, default 10, up to 50). */\n");
        text.Append("  $search(query: string, limit?: number): ToolSearchHit[];\n");
        text.Append("  /** The same tools started without awaiting them (tools.spawn.<name>(args) returns a SpawnHandle); the run waits for them, or cancels them, before it ends. */\n");
        text.Append("  readonly spawn: { readonly [tool: string]: any; cancel(id: number): boolean };\n");
        text.Append("};\n\n");
        text.Append(ScriptGlobalsDeclaration.Text);
        return text.ToString();
    }

    private static void Members(StringBuilder text, IReadOnlyList<ToolDescriptor> tools, IReadOnlyDictionary<string, string> aliases, int depth, string indent)
    {
        foreach (ToolDescriptor tool in tools.Where(t => ToolNames.PathOf(t).Count == depth + 1))
        {
            string member = aliases.GetValueOrDefault(tool.Name) ?? ToolNames.PathOf(tool)[^1];
            string summary = ToolCatalogue.Summary(tool);
            string named = member == tool.Name ? summary : $"{summary} (tools.$describe(\"{tool.Name}\"))";
            JsonSchemaTypeWriter.Doc(text, indent, named);
            bool optional = !(tool.ArgumentsSchema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array && required.GetArrayLength() > 0);
            text.Append(indent).Append(JsonSchemaTypeWriter.Key(member)).Append(optional ? "(args?: object)" : "(args: object)").Append(": Promise<unknown>;\n");
        }

        foreach (IGrouping<string, ToolDescriptor> ns in tools
            .Where(t => ToolNames.PathOf(t).Count > depth + 1)
            .GroupBy(t => ToolNames.PathOf(t)[depth], StringComparer.Ordinal))
        {
            text.Append(indent).Append("readonly ").Append(JsonSchemaTypeWriter.Key(ns.Key)).Append(": {\n");
            Members(text, [.. ns], aliases, depth + 1, indent + "  ");
            text.Append(indent).Append("};\n");
        }
    }
}
