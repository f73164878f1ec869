using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.Tests.ScriptRuntime.Parsing;

public class ScriptDetectionTests
{
    [Fact]
    public void F02_Text_before_and_after_the_block_is_kept_exactly()
    {
        DetectedMessage message = ScriptDetector.Detect("Reading it now.\n<tool-calls>\nreturn 1;\n</tool-calls>\nDone, see above.");

        Assert.Collection(
            message.Segments,
            s => Assert.Equal("Reading it now.\n", Assert.IsType<TextSegment>(s).Text),
            s => Assert.Equal("return 1;", Assert.IsType<ScriptBlock>(s).Source),
            s => Assert.Equal("\nDone, see above.", Assert.IsType<TextSegment>(s).Text));
    }

    [Fact]
    public void F09_Thinking_script_and_text_come_out_in_the_order_written()
    {
        DetectedMessage message = ScriptDetector.Detect(
            "<thinking>I should list the files.</thinking>Listing.<tool-calls>return await tools.listDir({path: '.'});</tool-calls>Next I will read.");

        Assert.Collection(
            message.Segments,
            s => Assert.Equal("I should list the files.", Assert.IsType<ThinkingSegment>(s).Thinking.Text),
            s => Assert.Equal("Listing.", Assert.IsType<TextSegment>(s).Text),
            s => Assert.Equal("return await tools.listDir({path: '.'});", Assert.IsType<ScriptBlock>(s).Source),
            s => Assert.Equal("Next I will read.", Assert.IsType<TextSegment>(s).Text));
    }

    [Fact]
    public void F19_A_fenced_js_or_ts_tool_calls_block_is_never_a_script()
    {
        const string text = "Here is code:\n```js\nawait tools.exec({command: 'rm'});\n```\n```ts tool-calls\nawait tools.exec({command: 'rm'});\n```\n";

        DetectedMessage message = ScriptDetector.Detect(text);

        Assert.Empty(message.Blocks);
        Assert.Equal(text, Assert.IsType<TextSegment>(Assert.Single(message.Segments)).Text);
    }

    [Fact]
    public void A_tool_calls_tag_inside_a_fenced_block_is_text()
    {
        const string text = "Example:\n```\n<tool-calls>\nawait tools.exec({command: 'rm -rf /'});\n</tool-calls>\n```\nThat is the format.";

        DetectedMessage message = ScriptDetector.Detect(text);

        Assert.Empty(message.Blocks);
    }

    [Fact]
    public void A_tool_calls_tag_inside_inline_code_is_text_but_a_later_real_block_runs()
    {
        DetectedMessage message = ScriptDetector.Detect("Write `<tool-calls>` then code.\n<tool-calls>return 2</tool-calls>");

        ScriptBlock block = Assert.Single(message.Blocks);
        Assert.Equal("return 2", block.Source);
        Assert.Equal(new TextPosition(2, 1), block.TagPosition);
    }

    [Fact]
    public void F20_Several_blocks_are_separate_scripts_in_order()
    {
        DetectedMessage message = ScriptDetector.Detect(
            "One:\n<tool-calls>return 1</tool-calls>\nTwo:\n<tool-calls>\n  return 2\n</tool-calls>\nThree:<tool-calls>return 3</tool-calls>");

        Assert.Equal(["return 1", "  return 2", "return 3"], message.Blocks.Select(b => b.Source));
        Assert.Equal([0, 1, 2], message.Blocks.Select(b => b.Index));
        Assert.All(message.Blocks, b => Assert.Null(b.Error));
        Assert.Equal(new TextPosition(4, 1), message.Blocks[1].TagPosition);
        Assert.Equal(new TextPosition(5, 1), message.Blocks[1].SourcePosition);
        Assert.Equal(new TextPosition(7, 7), message.Blocks[2].TagPosition);
    }

    [Theory]
    [InlineData("const s = \"</tool-calls>\";\nreturn s;")]
    [InlineData("const s = '</tool-calls>';\nreturn s;")]
    [InlineData("const s = `a\n</tool-calls>\nb`;\nreturn s;")]
    [InlineData("const s = `${'x'}</tool-calls>${`nested </tool-calls>`}`;\nreturn s;")]
    [InlineData("// ends with </tool-calls>\nreturn 1;")]
    [InlineData("/* </tool-calls>\n */\nreturn 1;")]
    [InlineData("const re = /[\"'`]/g;\nreturn 'a </tool-calls> b'.replace(re, '');")]
    [InlineData("const re = /`/;\nconst s = `</tool-calls>`;\nreturn re.test(s);")]
    [InlineData("let s = '';\nif (s) { s = 'a' }\n/'/.test(s) && console.log('</tool-calls>');\nreturn `${/}/.test('}') ? '</tool-calls>' : ''}`;")]
    [InlineData("const t = `${ { a: '}</tool-calls>' }.a }`;\nreturn t;")]
    public void A_closing_tag_inside_a_string_template_comment_or_regex_does_not_end_the_script(string script)
    {
        DetectedMessage message = ScriptDetector.Detect($"Before\n<tool-calls>\n{script}\n</tool-calls>\nAfter");

        ScriptBlock block = Assert.Single(message.Blocks);
        Assert.Null(block.Error);
        Assert.Equal(script, block.Source);
        Assert.Equal("\nAfter", Assert.IsType<TextSegment>(message.Segments[^1]).Text);
        Assert.True(ScriptValidator.Validate(block.Source).IsValid);
    }

    [Fact]
    public void A_division_is_not_mistaken_for_a_regex_that_hides_the_closing_tag()
    {
        DetectedMessage message = ScriptDetector.Detect("<tool-calls>const a = 4, b = 2;\nreturn (a) / b / 1;</tool-calls> after");

        ScriptBlock block = Assert.Single(message.Blocks);
        Assert.Equal("const a = 4, b = 2;\nreturn (a) / b / 1;", block.Source);
        Assert.Equal(" after", Assert.IsType<TextSegment>(message.Segments[^1]).Text);
    }

    [Fact]
    public void An_unclosed_tag_is_a_parse_error_that_tells_the_model_to_close_it()
    {
        DetectedMessage message = ScriptDetector.Detect("Text\n<tool-calls>\nreturn 1;");

        ScriptError error = Assert.IsType<ScriptError>(Assert.Single(message.Blocks).Error);
        Assert.Equal(ScriptErrorCode.Parse, error.Code);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2, column 1", error.Message, StringComparison.Ordinal);
        Assert.False(error.Retryable);
    }

    [Fact]
    public void An_unterminated_template_that_swallows_the_closing_tag_is_named_with_its_position()
    {
        DetectedMessage message = ScriptDetector.Detect("<tool-calls>\nconst a = 1;\nconst s = `oops;\n</tool-calls>\nbye");

        ScriptError error = Assert.IsType<ScriptError>(Assert.Single(message.Blocks).Error);
        Assert.Equal(ScriptErrorCode.Parse, error.Code);
        Assert.Contains("template literal starting at line 2, column 11", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 11), (error.Line, error.Column));
    }

    [Fact]
    public void Nested_tags_are_a_parse_error_and_the_block_spans_to_its_outer_closing_tag()
    {
        DetectedMessage message = ScriptDetector.Detect(
            "<tool-calls>\nconst a = 1;\n<tool-calls>\nreturn 2;\n</tool-calls>\nreturn a;\n</tool-calls>\nAfter");

        ScriptBlock block = Assert.Single(message.Blocks);
        ScriptError error = Assert.IsType<ScriptError>(block.Error);
        Assert.Equal(ScriptErrorCode.Parse, error.Code);
        Assert.Contains("cannot be nested", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Equal("\nAfter", Assert.IsType<TextSegment>(message.Segments[^1]).Text);
    }

    [Fact]
    public void An_opening_tag_inside_a_string_is_not_nesting()
    {
        DetectedMessage message = ScriptDetector.Detect("<tool-calls>return '<tool-calls>';</tool-calls>");

        Assert.Null(Assert.Single(message.Blocks).Error);
    }

    [Theory]
    [InlineData("<tool-calls></tool-calls>")]
    [InlineData("<tool-calls>\n   \n\t</tool-calls>")]
    public void An_empty_block_is_a_parse_error(string text)
    {
        ScriptError error = Assert.IsType<ScriptError>(Assert.Single(ScriptDetector.Detect(text).Blocks).Error);

        Assert.Equal(ScriptErrorCode.Parse, error.Code);
        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_over_the_configured_size_limit_is_limit_exceeded_naming_the_block_and_both_sizes()
    {
        string script = "return '" + new string('x', 200) + "';";

        ScriptError error = Assert.IsType<ScriptError>(Assert.Single(
            ScriptDetector.Detect($"<tool-calls>{script}</tool-calls>", new ParseOptions { MaxScriptBytes = 100 }).Blocks).Error);

        Assert.Equal(ScriptErrorCode.LimitExceeded, error.Code);
        Assert.Equal(ScriptLimit.ScriptSize, error.Limit);
        Assert.False(error.Retryable);
        Assert.StartsWith($"Script block 1 is {script.Length} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_size_limit_is_64_KiB_of_utf8()
    {
        string fits = "return '" + new string('x', ParseOptions.DefaultMaxScriptBytes - 10) + "';";
        string over = "return '" + new string('é', ParseOptions.DefaultMaxScriptBytes / 2) + "';";

        Assert.Null(Assert.Single(ScriptDetector.Detect($"<tool-calls>{fits}</tool-calls>").Blocks).Error);
        Assert.Equal(ScriptLimit.ScriptSize, Assert.Single(ScriptDetector.Detect($"<tool-calls>{over}</tool-calls>").Blocks).Error?.Limit);
    }

    [Fact]
    public void A_tag_inside_thinking_is_not_a_script()
    {
        DetectedMessage message = ScriptDetector.Detect("<think>maybe <tool-calls>await tools.exec({})</tool-calls></think>Answer.");

        Assert.Empty(message.Blocks);
        Assert.IsType<ThinkingSegment>(message.Segments[0]);
    }

    [Fact]
    public void Tags_with_attributes_or_other_case_are_text()
    {
        DetectedMessage message = ScriptDetector.Detect("<tool-calls lang=\"js\">return 1</tool-calls> <TOOL-CALLS>return 2</TOOL-CALLS>");

        Assert.Empty(message.Blocks);
    }

    [Fact]
    public void Blocks_are_numbered_across_the_text_parts_of_a_provider_output()
    {
        var output = new ModelOutput(ProviderFormats.AnthropicMessages, [
            new TextPart("<tool-calls>return 1</tool-calls>"),
            new ThinkingPart("hmm"),
            new TextPart("<tool-calls>return 2</tool-calls>"),
        ]);

        DetectedMessage message = ScriptDetector.Detect(output);

        Assert.Equal([(0, 0), (2, 1)], message.Blocks.Select(b => (b.PartIndex, b.Index)));
    }

    [Fact]
    public void A_markdown_fence_inside_the_tags_is_dropped_and_positions_follow_the_script()
    {
        DetectedMessage message = ScriptDetector.Detect("<tool-calls>\n```js\nconst a = 1;\nreturn a;\n```\n</tool-calls>");

        ScriptBlock block = Assert.Single(message.Blocks);
        Assert.Equal("const a = 1;\nreturn a;", block.Source);
        Assert.Equal(new TextPosition(3, 1), block.SourcePosition);
        Assert.True(ScriptValidator.Validate(block.Source).IsValid);
    }

    [Fact]
    public void Crlf_line_endings_are_handled_like_lf()
    {
        DetectedMessage message = ScriptDetector.Detect("Hi\r\n```\r\n<tool-calls>x</tool-calls>\r\n```\r\n<tool-calls>\r\nreturn 1;\r\n</tool-calls>\r\n");

        ScriptBlock block = Assert.Single(message.Blocks);
        Assert.Equal("return 1;", block.Source);
        Assert.Equal(new TextPosition(5, 1), block.TagPosition);
    }
}
