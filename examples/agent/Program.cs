using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenAI;
using ScriptHarness.Agent;
using ScriptHarness.Extensions.AI.Chat;
using ScriptHarness.Orchestrations.DependencyInjection;

// A console coding agent: Microsoft.Extensions.AI's OpenAI client against any OpenAI-compatible
// endpoint, with ScriptHarness running the model's scripts durably. Exit codes: 0 answered,
// 10 waits for approval (answer with --approve or --deny, in this process or a later one),
// 64 usage, 78 configuration.
const int AwaitingApproval = 10;
if (AgentArguments.Parse(args) is not { } options || (options.Prompt is null && options.Approve is null))
{
    Console.Error.WriteLine(AgentArguments.Usage);
    return 64;
}

if (Environment.GetEnvironmentVariable("OPENAI_API_KEY") is not { Length: > 0 } apiKey)
{
    Console.Error.WriteLine("Set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible endpoint, OPENAI_MODEL for the model).");
    return 78;
}

// The key stays with this process: no tool's child process can read it from the environment.
Environment.SetEnvironmentVariable("OPENAI_API_KEY", null);
Uri endpoint = new(Environment.GetEnvironmentVariable("OPENAI_BASE_URL") ?? "https://api.openai.com/v1");
string modelName = Environment.GetEnvironmentVariable("OPENAI_MODEL") ?? "gpt-4.1";
IChatClient model = new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = endpoint })
    .GetChatClient(modelName).AsIChatClient();

HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["durable:sqlite:databasePath"] = options.Store,
    // Like most coding agents, this one asks before every edit; reads and read-only commands run.
    ["orchestrations:approvals:rules:0:tool"] = "applyPatch",
    ["orchestrations:approvals:rules:0:action"] = "ask",
    ["orchestrations:approvals:rules:0:reason"] = "the agent asks before every edit",
});
builder.Services.AddScriptHarness(builder.Configuration);
builder.Services.AddChatClient(model).UseScriptHarness(o =>
{
    o.Workspace = options.Workspace;
    o.DecidedBy = Environment.UserName;
    o.Preamble = "You are a careful coding agent working in a repository. Read before you change, keep changes small, and run the tests.";
});
using IHost host = builder.Build();
await host.StartAsync();
IChatClient chat = host.Services.GetRequiredService<IChatClient>();

List<ChatMessage> conversation = ConversationFile.Load(options.Conversation);
List<ToolApprovalRequestContent> waiting = conversation.Count > 0 && conversation[^1].Role == ChatRole.Assistant
    ? [.. conversation[^1].Contents.OfType<ToolApprovalRequestContent>()]
    : [];
if (options.Approve is bool decision)
{
    if (waiting.Count == 0)
    {
        Console.Error.WriteLine("Nothing in this conversation waits for approval.");
        await host.StopAsync();
        return 64;
    }

    conversation.Add(new ChatMessage(ChatRole.User, [.. waiting.Select(r => (AIContent)r.CreateResponse(decision))]));
}

if (options.Prompt is { } prompt)
{
    conversation.Add(new ChatMessage(ChatRole.User, prompt));
}

int exitCode = 0;
while (true)
{
    ChatResponse response = await chat.GetResponseAsync(conversation);
    conversation.AddRange(response.Messages);
    ConversationFile.Save(options.Conversation, conversation);
    Print(response);

    List<ToolApprovalRequestContent> requests = [.. response.Messages[^1].Contents.OfType<ToolApprovalRequestContent>()];
    if (requests.Count == 0)
    {
        break;
    }

    foreach (ToolApprovalRequestContent request in requests)
    {
        FunctionCallContent call = (FunctionCallContent)request.ToolCall;
        Console.WriteLine($"approval needed: {ConsoleText.Safe(call.Name)} {ConsoleText.Safe(JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions))}");
        Console.WriteLine($"  because {ConsoleText.Safe(request.AdditionalProperties?["reason"]?.ToString())}");
    }

    if (Console.IsInputRedirected)
    {
        // Nobody to ask now: the run waits in the store; any later process can answer.
        Console.WriteLine($"waiting: run again with --approve or --deny (conversation {options.Conversation})");
        exitCode = AwaitingApproval;
        break;
    }

    Console.Write("approve? [y/N] ");
    bool approved = string.Equals(Console.ReadLine()?.Trim(), "y", StringComparison.OrdinalIgnoreCase);
    conversation.Add(new ChatMessage(ChatRole.User, [.. requests.Select(r => (AIContent)r.CreateResponse(approved))]));
}

await host.StopAsync();
return exitCode;

static void Print(ChatResponse response)
{
    foreach (ChatMessage message in response.Messages)
    {
        if (message.Role == ChatRole.Assistant && message.Text.Length > 0)
        {
            Console.WriteLine(ConsoleText.Safe(message.Text));
        }

        foreach (FunctionResultContent result in message.Contents.OfType<FunctionResultContent>())
        {
            Console.WriteLine("script report: " + ConsoleText.Safe(result.Result?.ToString()?.Split('\n')[0]));
        }
    }
}
