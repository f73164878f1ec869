using System.CommandLine;
using ScriptHarness.Host.Cli;

// Signals are ours, not System.CommandLine's: its handler gives up on the verb after a timeout,
// before the worker has stopped and the attach hint is printed.
using CliInterrupt interrupt = CliInterrupt.Listen();
int code = await HostCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, interrupt.Token).ConfigureAwait(false);
return interrupt.Map(code);
