using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Durable.Testing.FaultInjection;
using ScriptHarness.Tests.Durable.TestWorker;

// The durable worker process of the crash and scale-out tests. Configuration: the product's
// `durable` section (backend and its settings) and our `worker` section, from the command line
// (--durable:backend=azureStorage --worker:effectsFolder=/tmp/x ...) or the environment; secrets
// (connection strings) only from the environment variable the backend's settings name.
// Prints "ready" on stdout once the worker runs. Exits when its stdin closes (its parent died).
HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    DisableDefaults = true,
});
builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

TestWorkerOptions workerOptions = builder.Configuration.GetSection(TestWorkerOptions.SectionName).Get<TestWorkerOptions>() ?? new();
if (string.IsNullOrWhiteSpace(workerOptions.EffectsFolder))
{
    Console.Error.WriteLine("--worker:effectsFolder=PATH is required.");
    return 2;
}

FaultRule[] faults;
try
{
    faults = (workerOptions.Faults ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(FaultRule.Parse).ToArray();
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var effects = new EffectLog(workerOptions.EffectsFolder, workerOptions.Fsync);
builder.Services.AddSingleton(effects);
builder.Services.AddOptions<TestWorkerOptions>().Bind(builder.Configuration.GetSection(TestWorkerOptions.SectionName));
builder.Services.AddScriptHarnessDurable(builder.Configuration, registry =>
{
    registry.AddOrchestrator<StepsOrchestrator>();
    registry.AddOrchestrator<CrashingOrchestrator>();
    registry.AddActivity<EffectActivity>();
});
if (workerOptions.ScriptRuns)
{
    ScriptRunsWorker.Add(builder.Services, builder.Configuration, workerOptions.Contract, effects);
}

builder.Services.AddDurableFaultInjection(
    faults,
    rule => effects.Append("fault", rule.ToString()),
    workerOptions.RecordCheckpoints
        ? (point, instanceId) =>
        {
            if (point == FaultPoint.BeforeOrchestrationCheckpoint)
            {
                effects.Append("checkpoint", instanceId);
            }
        }
        : null);

using IHost host = builder.Build();
await host.StartAsync();
Console.Out.WriteLine("ready");
Console.Out.Flush();

if (Console.IsInputRedirected)
{
    // Our parent holds our stdin: when it goes away (even killed), so do we.
    _ = Task.Run(() =>
    {
        Console.In.ReadToEnd();
        Environment.Exit(3);
    });
}

await host.WaitForShutdownAsync();
return 0;
