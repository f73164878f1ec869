namespace ScriptHarness.Tests.ScriptRuntime.Serialization;

/// <summary>Model responses in each provider's shape, as the APIs return them.</summary>
internal static class ProviderSamples
{
    public const string Script1 = "const files = await tools.listDir({ path: \".\" });\nconsole.log(`found ${files.length} </tool-calls>`);\nreturn { count: files.length, first: files[0] };";

    public const string Script2 = "return await tools.readFile({ path: \"README.md\" });";

    public static readonly string Text =
        $"Let me look.\n<tool-calls>\n{Script1}\n</tool-calls>\nThen I read it:\n<tool-calls>\n{Script2}\n</tool-calls>\n<tool-calls>return 3</tool-calls>\nDone.";

    public static readonly string Responses = $$"""
        {
          "id": "resp_1",
          "object": "response",
          "model": "gpt-5",
          "output": [
            {
              "id": "rs_1",
              "type": "reasoning",
              "summary": [ { "type": "summary_text", "text": "List the files, then read the README." } ],
              "encrypted_content": "gAAAAB-opaque"
            },
            {
              "id": "msg_1",
              "type": "message",
              "role": "assistant",
              "status": "completed",
              "content": [ { "type": "output_text", "text": {{System.Text.Json.JsonSerializer.Serialize(Text)}}, "annotations": [] } ]
            }
          ]
        }
        """;

    public static readonly string ChatCompletions = $$"""
        {
          "id": "chatcmpl-1",
          "object": "chat.completion",
          "model": "gpt-4.1",
          "choices": [
            {
              "index": 0,
              "message": { "role": "assistant", "content": {{System.Text.Json.JsonSerializer.Serialize(Text)}}, "reasoning_content": "List the files first." },
              "finish_reason": "stop"
            }
          ]
        }
        """;

    public const string Anthropic = """
        {
          "id": "msg_01",
          "type": "message",
          "role": "assistant",
          "model": "claude-sonnet-4-5",
          "content": [
            { "type": "thinking", "thinking": "Start the tests in the background.", "signature": "EqQBCkYIARgCKkA-signed" },
            { "type": "text", "text": "Starting the tests.\n<tool-calls>\nconsole.warn('tests are slow');\ntools.spawn.exec({ command: 'npm test' });\n</tool-calls>\n" },
            { "type": "redacted_thinking", "data": "EmwKAhgBEgy-redacted" },
            { "type": "text", "text": "And a typed one:\n<tool-calls>\nconst n: number = 1;\nreturn n;\n</tool-calls>" }
          ],
          "stop_reason": "end_turn"
        }
        """;
}
