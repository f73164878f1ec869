using System.CommandLine;
using ScriptHarness.Host.Cli.Commands;

namespace ScriptHarness.Host.Cli;

/// <summary>The command line: every verb, with <c>--config</c> and <c>--store</c> on all of them.</summary>
internal static class HostCli
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Build()
    {
        RootCommand root = new("ScriptHarness: run model-written scripts as durable orchestrations, approve their calls, audit their history.");
        root.Options.Add(CliContext.Config);
        root.Options.Add(CliContext.Store);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(AttachCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        foreach (Command command in InstanceCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ToolsCommand.Create());
        return root;
    }
}
