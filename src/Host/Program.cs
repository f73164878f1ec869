using ScriptHarness.Host.Cli;

return await HostCli.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
