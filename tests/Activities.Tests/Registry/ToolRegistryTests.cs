using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Options;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Registry;

public sealed class ToolRegistryTests : IDisposable
{
    private static readonly JsonElement EchoSchema = JsonDocument.Parse("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""").RootElement.Clone();

    private readonly TempWorkspace ws = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public void The_built_in_tools_are_registered_under_their_script_names()
    {
        ToolRegistry registry = BuiltInTools.CreateRegistry();

        Assert.Equal(["exec", "applyPatch", "readFile", "listDir", "fileSearch", "grep"], registry.Names.ToArray());
    }

    [Fact]
    public void Every_built_in_descriptor_has_a_closed_argument_schema_a_result_schema_and_a_conforming_dry_run_result()
    {
        foreach (ToolDescriptor descriptor in BuiltInTools.CreateRegistry().Descriptors)
        {
            JsonElement args = descriptor.ArgumentsSchema;
            Assert.Equal("object", args.GetProperty("type").GetString());
            Assert.False(args.GetProperty("additionalProperties").GetBoolean());
            string[] properties = args.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();
            if (args.TryGetProperty("required", out JsonElement required))
            {
                Assert.All(required.EnumerateArray(), r => Assert.Contains(r.GetString(), properties));
            }

            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description));
            Assert.Equal(ToolKind.Local, descriptor.Kind);
            JsonElement result = Assert.IsType<JsonElement>(descriptor.ResultSchema);
            JsonElement dryRun = Assert.IsType<JsonElement>(descriptor.DryRunResult);
            Assert.All(result.GetProperty("required").EnumerateArray(), r => Assert.True(dryRun.TryGetProperty(r.GetString()!, out _), $"{descriptor.Name} dry run lacks {r}"));
        }
    }

    [Fact]
    public async Task A_host_tool_given_as_a_delegate_is_registered_and_dispatched()
    {
        var registry = new ToolRegistry(BuiltInTools.Create().Append(new DelegateTool(
            new ToolDescriptor("echo", "Echoes its text.", EchoSchema),
            (invocation, _) => Task.FromResult(JsonSerializer.SerializeToElement(new { said = invocation.Args.GetProperty("text").GetString(), seq = invocation.CallId })))));

        JsonElement result = await registry.InvokeAsync("echo", this.ws.Invocation(new { text = "hi" }));

        Assert.Equal("hi", result.Str("said"));
        Assert.Equal(1, result.Int("seq"));
        Assert.Equal("echo", registry.Descriptors[^1].Name);
    }

    [Fact]
    public async Task An_unknown_tool_is_a_validation_error_naming_the_known_ones()
    {
        ToolException error = await Assert.ThrowsAsync<ToolException>(() => BuiltInTools.CreateRegistry().InvokeAsync("rm", this.ws.Invocation(new { })));

        Assert.Equal((ScriptErrorCode.ToolValidation, ToolErrorDetails.UnknownTool), (error.Error.Code, error.Detail));
        Assert.Contains("readFile", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("readFile")]
    [InlineData("not-an-identifier")]
    [InlineData("1abc")]
    public void Duplicate_or_invalid_names_are_refused(string name)
    {
        var tool = new DelegateTool(new ToolDescriptor(name, "x", EchoSchema), (_, _) => Task.FromResult(default(JsonElement)));

        Assert.Throws<ArgumentException>(() => new ToolRegistry(BuiltInTools.Create().Append(tool)));
    }

    [Fact]
    public async Task Dependency_injection_registers_built_ins_host_tools_cancellation_and_options_from_configuration()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["activities:exec:defaultTimeoutMs"] = "1234", ["activities:grepTimeoutMs"] = "5000" })
            .Build();
        var services = new ServiceCollection();
        services.AddScriptHarnessTools(configuration, tools => tools
            .Add<HostClockTool>()
            .Add("echo", "Echoes.", EchoSchema, null, (i, _) => Task.FromResult(i.Args))
            .AddExternal(new ToolDescriptor("askUser", "Asks the user.", EchoSchema)));
        using ServiceProvider provider = services.BuildServiceProvider();

        ToolRegistry registry = provider.GetRequiredService<ToolRegistry>();
        ActivitiesOptions options = provider.GetRequiredService<IOptions<ActivitiesOptions>>().Value;

        Assert.Equal(["exec", "applyPatch", "readFile", "listDir", "fileSearch", "grep", "hostClock", "echo", "askUser"], registry.Names.ToArray());
        Assert.Equal(ToolKind.External, registry.Get("askUser").Descriptor.Kind);
        Assert.Equal(1234, options.Exec.DefaultTimeoutMs);
        Assert.Contains("1234", registry.Get("exec").Descriptor.ArgumentsSchema.GetRawText(), StringComparison.Ordinal);
        Assert.Same(provider.GetRequiredService<ToolCancellation>(), provider.GetRequiredService<ToolCancellation>());
        Assert.Equal(42, (await registry.InvokeAsync("hostClock", this.ws.Invocation(new { }))).GetInt32());
    }

    [Fact]
    public void Invalid_settings_fail_validation()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["activities:exec:maxOutputBytes"] = "10" })
            .Build();
        using ServiceProvider provider = new ServiceCollection().AddScriptHarnessTools(configuration).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ActivitiesOptions>>().Value);
    }

    private sealed class HostClockTool : ITool
    {
        public ToolDescriptor Descriptor { get; } = new("hostClock", "A host tool class.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone());

        public Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
            Task.FromResult(JsonSerializer.SerializeToElement(42));
    }
}
