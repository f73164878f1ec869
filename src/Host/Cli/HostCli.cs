using System.CommandLine;
using System.CommandLine.Help;
using ScriptHarness.Host.Cli.Commands;

namespace ScriptHarness.Host.Cli;

/// <summary>The command line: every verb, with <c>--config</c> and <c>--store</c> on all of them.</summary>
internal static class HostCli
{
    /// <summary>The command's name in usage lines and errors: the dotnet tool's command, whichever file started the process.</summary>
    public const string CommandName = "scriptharness";

    /// <summary>Builds the root command.</summary>
    public static Command Build()
    {
        // RootCommand names itself after the entry assembly (ScriptHarness.Host); a plain command
        // with RootCommand's help and version options prints the name users type.
        Command root = new(CommandName, "ScriptHarness: run model-written scripts as durable orchestrations, approve their calls, audit their history.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Options.Add(CliContext.Config);
        root.Options.Add(CliContext.Store);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(AttachCommand.Create());
        root.Subcommands.Add(ContinueCommand.Create());
        root.Subcommands.Add(RollbackCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(McpCommand.Create());
        foreach (Command command in InstanceCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ToolsCommand.Create());
        return root;
    }
}
