using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Samples.DurableFunctions;

namespace ScriptHarness.Tests.DurableFunctions;

/// <summary>The sample registers a function under every name the orchestrators call, and the worker's container can build every function class.</summary>
public sealed class FunctionRegistrationTests
{
    private static readonly MethodInfo[] Functions = typeof(FunctionsServices).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToArray();

    [Fact]
    public void Orchestrator_functions_are_the_turn_and_the_run()
    {
        Assert.Equal(
            new[] { OrchestratorNames.ScriptRun, OrchestratorNames.ScriptTurn },
            NamesWithTrigger<OrchestrationTriggerAttribute>().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Activity_functions_are_every_built_in_tool_the_cancel_activity_and_the_notice_activities()
    {
        Assert.Equal(
            BuiltInTools.Names.Append(CancelToolCallsActivity.Name).Append(CallAwaitingDecisionActivity.Name).Append(RunFinishedActivity.Name).Order(StringComparer.Ordinal),
            NamesWithTrigger<ActivityTriggerAttribute>().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Http_functions_serve_turns_runs_and_the_approval_webhook()
    {
        Dictionary<string, string?> routes = Functions
            .Select(m => (Name: m.GetCustomAttribute<FunctionAttribute>()!.Name, Trigger: m.GetParameters()
                .Select(p => p.GetCustomAttribute<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>()).SingleOrDefault(a => a is not null)))
            .Where(f => f.Trigger is not null)
            .ToDictionary(f => f.Name, f => f.Trigger!.Route);

        Assert.Equal("turns", routes["StartTurn"]);
        Assert.Equal("runs/{instanceId}", routes["GetRun"]);
        Assert.Equal("runs/{instanceId}/approvals/{callId:int}", routes["Decide"]);
    }

    [Fact]
    public void Worker_container_builds_every_function_class()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScriptHarnessFunctions(new ConfigurationBuilder().Build());
        using ServiceProvider provider = services.BuildServiceProvider();

        foreach (Type type in Functions.Select(m => m.DeclaringType!).Distinct())
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(provider, type));
        }
    }

    private static IEnumerable<string> NamesWithTrigger<TTrigger>()
        where TTrigger : Attribute =>
        Functions.Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<TTrigger>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);
}
