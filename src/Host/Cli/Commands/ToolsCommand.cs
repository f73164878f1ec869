using System.CommandLine;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Options;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Host.Tools;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary><c>tools --typescript</c>: the TypeScript declaration of the registered tools, for the model's prompt.</summary>
internal static class ToolsCommand
{
    public static Command Create()
    {
        Option<bool> typescript = new("--typescript") { Description = "Print the TypeScript declaration of the tools object (the default)." };
        Command command = new("tools", "Print the tools a script can call.") { typescript };
        command.SetAction(parse =>
        {
            try
            {
                IConfigurationRoot configuration = CliContext.Load(parse);
                ServiceCollection services = new();
                services.AddHarnessTools(configuration);
                using ServiceProvider provider = services.BuildServiceProvider();
                _ = provider.GetRequiredService<IOptions<ActivitiesOptions>>().Value;
                Console.Out.Write(ToolDeclarations.For(provider.GetRequiredService<ToolRegistry>(), configuration));
                return 0;
            }
            catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
            {
                return CliContext.ConfigurationFailed(message);
            }
        });
        return command;
    }
}
