using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace ScriptHarness.Tests.Durable.Shims;

/// <summary>
/// Pins the behaviour of the SDK's <see cref="DurableTaskShimFactory"/> that the hosting glue
/// relies on. The factory is public but meant for runtime authors; an SDK upgrade that changes
/// any of this must fail here first.
/// </summary>
public sealed class ShimFactoryContractTests
{
    private sealed record Payload(string Text, int Count);

    private sealed class EchoActivity : Microsoft.DurableTask.TaskActivity<Payload, Payload>
    {
        public override Task<Payload> RunAsync(TaskActivityContext context, Payload input) =>
            Task.FromResult(input with { Text = $"{context.Name.Name}:{context.InstanceId}:{input.Text}", Count = input.Count + 1 });
    }

    private sealed class ThrowingActivity : Microsoft.DurableTask.TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) =>
            throw new InvalidOperationException($"thrown for {input}");
    }

    private sealed class NoopOrchestrator : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => Task.FromResult(input);
    }

    /// <summary>Marks what it serializes, to prove the shims use the options' converter.</summary>
    private sealed class MarkingConverter : DataConverter
    {
        public override string? Serialize(object? value) =>
            value is null ? null : "{\"marked\":true," + JsonDataConverter.Default.Serialize(value)![1..];

        public override object? Deserialize(string? data, Type targetType) => JsonDataConverter.Default.Deserialize(data, targetType);
    }

    private static TaskContext Context(string instanceId) => new(new OrchestrationInstance { InstanceId = instanceId, ExecutionId = "e1" });

    [Fact]
    public void CreateOrchestration_returns_a_new_shim_for_every_call()
    {
        DurableTaskShimFactory factory = new();
        NoopOrchestrator orchestrator = new();

        TaskOrchestration first = factory.CreateOrchestration("noop", orchestrator);
        TaskOrchestration second = factory.CreateOrchestration("noop", orchestrator);

        Assert.NotSame(first, second);
    }

    [Fact]
    public void A_new_orchestration_shim_has_no_custom_status_before_it_runs()
    {
        TaskOrchestration shim = new DurableTaskShimFactory().CreateOrchestration("noop", new NoopOrchestrator());

        Assert.Null(shim.GetStatus());
    }

    [Fact]
    public async Task Activity_shim_strips_the_array_DTFx_wraps_inputs_in_and_serializes_the_output_as_SDK_JSON()
    {
        TaskActivity shim = new DurableTaskShimFactory().CreateActivity("echo", new EchoActivity());

        // TaskHubWorker hands activities their input as a one-element JSON array.
        string? output = await shim.RunAsync(Context("i1"), "[{\"Text\":\"hi\",\"Count\":1}]");

        Assert.Equal("{\"Text\":\"echo:i1:hi\",\"Count\":2}", output);
    }

    [Fact]
    public async Task Activity_shim_uses_the_data_converter_of_the_worker_options()
    {
        DurableTaskShimFactory factory = new(new DurableTaskWorkerOptions { DataConverter = new MarkingConverter() });
        TaskActivity shim = factory.CreateActivity("echo", new EchoActivity());

        string? output = await shim.RunAsync(Context("i2"), "[{\"Text\":\"x\",\"Count\":0}]");

        Assert.StartsWith("{\"marked\":true,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_shim_lets_the_activity_exception_escape_for_DTFx_to_record()
    {
        TaskActivity shim = new DurableTaskShimFactory().CreateActivity("throws", new ThrowingActivity());

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => shim.RunAsync(Context("i3"), "[\"in\"]"));

        Assert.Equal("thrown for in", thrown.Message);
    }

    [Fact]
    public void Registry_exposes_factories_by_name_for_every_registration_style()
    {
        DurableTaskRegistry registry = new();
        registry.AddOrchestratorFunc<string, string>("by-func", (ctx, input) => Task.FromResult(input));
        registry.AddOrchestrator("by-factory", () => new NoopOrchestrator());
        registry.AddActivity("activity-by-factory", _ => new EchoActivity());
        registry.AddActivity<EchoActivity>("activity-by-type");

        Assert.Equal(["by-factory", "by-func"], registry.GetOrchestrators().Select(kv => kv.Key.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["activity-by-factory", "activity-by-type"], registry.GetActivities().Select(kv => kv.Key.Name).Order(StringComparer.Ordinal));
        using ServiceProvider none = new ServiceCollection().BuildServiceProvider();
        Assert.All(registry.GetActivities(), kv => Assert.IsType<EchoActivity>(kv.Value(none)));
    }

    [Fact]
    public void Task_names_compare_case_insensitively_as_the_catalog_assumes()
    {
        Assert.Equal(new TaskName("Echo"), new TaskName("echo"));
    }
}
