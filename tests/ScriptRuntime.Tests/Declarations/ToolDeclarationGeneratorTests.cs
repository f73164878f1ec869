using System.Text.Json;
using ScriptHarness.ScriptRuntime.Declarations;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.ScriptRuntime.Declarations;

public class ToolDeclarationGeneratorTests
{
    private static readonly ToolDescriptor ReadFile = new(
        "readFile",
        "Reads a text file of the workspace.",
        Json("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Path relative to the workspace." },
            "maxBytes": { "type": "integer", "default": 65536 },
            "encoding": { "enum": ["utf8", "base64"] }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """))
    {
        ResultSchema = Json("""
        {
          "type": "object",
          "properties": {
            "content": { "type": "string" },
            "truncated": { "type": "boolean" },
            "lines": { "type": "array", "items": { "type": ["string", "null"] } }
          },
          "required": ["content", "truncated"]
        }
        """),
    };

    private static readonly ToolDescriptor ListDir = new(
        "listDir",
        "Lists a directory.\nHidden files are skipped.",
        Json("""{ "type": "object", "properties": { "path": { "type": "string" } } }"""));

    [Fact]
    public void Generates_argument_and_result_types_methods_and_a_typed_spawn()
    {
        string declaration = ToolDeclarationGenerator.Generate([ReadFile, ListDir]);

        Assert.Equal(
            """
            type ReadFileArgs = {
              /** Path relative to the workspace. */
              path: string;
              /** @default 65536 */
              maxBytes?: number;
              encoding?: "utf8" | "base64";
            };
            type ReadFileResult = {
              content: string;
              truncated: boolean;
              lines?: (string | null)[];
            };

            type ListDirArgs = {
              path?: string;
            };
            type ListDirResult = unknown;

            /** A call started with tools.spawn: `id` cancels it with tools.spawn.cancel(id); `done` settles with its result. */
            interface SpawnHandle<T> {
              readonly id: number;
              readonly done: Promise<T>;
            }

            declare const tools: {
              /** Reads a text file of the workspace. */
              readFile(args: ReadFileArgs): Promise<ReadFileResult>;
              /**
               * Lists a directory.
               * Hidden files are skipped.
               */
              listDir(args?: ListDirArgs): Promise<ListDirResult>;
              /** Start calls without awaiting them (long tasks); the run waits for them, or cancels them, before it ends. */
              readonly spawn: {
                /** Reads a text file of the workspace. */
                readFile(args: ReadFileArgs): SpawnHandle<ReadFileResult>;
                /**
                 * Lists a directory.
                 * Hidden files are skipped.
                 */
                listDir(args?: ListDirArgs): SpawnHandle<ListDirResult>;
                /** Cancel a spawned call; false when it had already finished. */
                cancel(id: number): boolean;
              };
            };

            """.ReplaceLineEndings("\n") + "\n" + ScriptGlobalsDeclaration.Text,
            declaration);
    }

    [Theory]
    [InlineData("""{ "oneOf": [ { "type": "string" }, { "type": "number" } ] }""", "string | number")]
    [InlineData("""{ "anyOf": [ { "type": "string" }, { "type": "null" } ] }""", "string | null")]
    [InlineData("""{ "type": "string", "nullable": true }""", "string | null")]
    [InlineData("""{ "const": "fixed" }""", "\"fixed\"")]
    [InlineData("""{ "enum": [1, 2, true, null, "a\"b"] }""", "1 | 2 | true | null | \"a\\\"b\"")]
    [InlineData("""{ "type": "array" }""", "unknown[]")]
    [InlineData("""{ "type": "array", "prefixItems": [ { "type": "string" }, { "type": "number" } ] }""", "[string, number]")]
    [InlineData("""{ "type": "object" }""", "Record<string, unknown>")]
    [InlineData("""{ "type": "object", "additionalProperties": { "type": "number" } }""", "Record<string, number>")]
    [InlineData("""{ "allOf": [ { "$ref": "#/$defs/id" }, { "description": "x" } ] , "$defs": { "id": { "type": "string" } } }""", "string")]
    [InlineData("""{ "type": "array", "items": { "oneOf": [ { "type": "string" }, { "type": "integer" } ] } }""", "(string | number)[]")]
    [InlineData("""{ "format": "weird" }""", "unknown")]
    public void Maps_schema_keywords_to_typescript(string schema, string expected)
    {
        var tool = new ToolDescriptor("t", "T.", Json("""{ "type": "object" }""")) { ResultSchema = Json(schema) };

        string declaration = ToolDeclarationGenerator.Generate([tool]);

        Assert.Contains($"type TResult = {expected};\n", declaration, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_objects_are_indented_and_odd_keys_are_quoted()
    {
        var tool = new ToolDescriptor("exec", "Runs a command.", Json("""
            {
              "type": "object",
              "properties": {
                "command": { "type": "string" },
                "env": {
                  "type": "object",
                  "description": "Extra variables.",
                  "properties": { "PATH-EXTRA": { "type": "string" } },
                  "additionalProperties": { "type": "string" }
                }
              },
              "required": ["command"]
            }
            """));

        string declaration = ToolDeclarationGenerator.Generate([tool]);

        Assert.Contains(
            "type ExecArgs = {\n  command: string;\n  /** Extra variables. */\n  env?: {\n    \"PATH-EXTRA\"?: string;\n    [key: string]: string;\n  };\n};\n",
            declaration,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_recursive_reference_ends_in_unknown_instead_of_looping()
    {
        var tool = new ToolDescriptor("tree", "A tree.", Json("""
            { "$ref": "#/$defs/node", "$defs": { "node": { "type": "object", "properties": { "children": { "type": "array", "items": { "$ref": "#/$defs/node" } } } } } }
            """));

        string declaration = ToolDeclarationGenerator.Generate([tool]);

        Assert.Contains("unknown", declaration, StringComparison.Ordinal);
        Assert.Contains("children?: {", declaration, StringComparison.Ordinal);
    }

    [Fact]
    public void A_description_cannot_close_the_comment_early_and_external_tools_say_so()
    {
        var tool = new ToolDescriptor("askUser", "Asks the user */ then stops.", Json("""{ "type": "object" }""")) { Kind = ToolKind.External };

        string declaration = ToolDeclarationGenerator.Generate([tool]);

        Assert.Contains("Asks the user *\\/ then stops.", declaration, StringComparison.Ordinal);
        Assert.DoesNotContain("user */", declaration, StringComparison.Ordinal);
        Assert.Contains("Answered by the host", declaration, StringComparison.Ordinal);
    }

    [Fact]
    public void The_declaration_uses_typescript_only_in_the_prompt_and_is_itself_rejected_as_a_script()
    {
        string declaration = ToolDeclarationGenerator.Generate([ReadFile]);

        // A model that pastes the declaration into a script learns to write JavaScript.
        var validation = ScriptHarness.ScriptRuntime.Parsing.ScriptValidator.Validate(declaration);
        Assert.Equal(ScriptHarness.ScriptRuntime.Errors.ScriptErrorCode.TypescriptSyntax, validation.Error?.Code);
    }

    private static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
