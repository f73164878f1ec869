using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Samples.DurableFunctions;

// The Functions host runs the durable backend (its own task hub, host.json's extensions.durableTask);
// this worker only brings the tools, the options the orchestrators and the client read, and the functions.
IHost host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices((context, services) => services.AddScriptHarnessFunctions(context.Configuration))
    .Build();
await host.RunAsync().ConfigureAwait(false);
