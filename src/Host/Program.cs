using System.CommandLine;
using ScriptHarness.Host.Cli;

// Signals are ours, not System.CommandLine's: its handler gives up on the verb after a timeout,
// before the worker has stopped and the attach hint is printed.
using CliInterrupt interrupt = CliInterrupt.Listen();
ParseResult parse = HostCli.Build().Parse(args);
int code = await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, interrupt.Token).ConfigureAwait(false);

// The library's parse-error action exits 1, which is "a script failed"; a usage error has its own code.
return parse.Errors.Count > 0 ? ExitCodes.Usage : interrupt.Map(code);
