using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Extensions.AI.Chat;
using ScriptHarness.Extensions.AI.Functions;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.Extensions.AI.Fixtures;

/// <summary>
/// An app as a user writes it: AddScriptHarness with its AIFunctions, a chat pipeline with
/// UseScriptHarness over the scripted model. In memory, or on a SQLite file that outlives the host.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly IHost host;
    private bool started;

    private AgentHost(IHost host, IChatClient chat)
    {
        this.host = host;
        this.Chat = chat;
    }

    public IChatClient Chat { get; }

    public IServiceProvider Services => this.host.Services;

    public static async Task<AgentHost> StartAsync(
        IChatClient model,
        string workspace,
        AppFunctions functions,
        string? sqlitePath = null,
        Action<ScriptHarnessChatClientOptions>? configure = null,
        Dictionary<string, string?>? settings = null,
        bool start = true)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Dictionary<string, string?> all = sqlitePath is null
            ? new()
            {
                ["durable:backend"] = "inMemory",
                ["durable:inMemory:maxConcurrentOrchestrations"] = "20",
                ["durable:inMemory:maxConcurrentActivities"] = "20",
            }
            : new()
            {
                ["durable:backend"] = "sqlite",
                ["durable:sqlite:databasePath"] = sqlitePath,
            };
        all["durable:shutdownTimeout"] = "00:00:05";
        foreach ((string key, string? value) in settings ?? [])
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.Services.AddScriptHarness(builder.Configuration, tools => tools
            .AddAIFunctions([functions.Lookup, functions.Slow, functions.Broken], ToolEffect.Read)
            .AddAIFunctions([functions.Refund]));
        builder.Services.AddChatClient(model).UseScriptHarness(o =>
        {
            o.Workspace = workspace;
            o.DecidedBy = "tester";
            configure?.Invoke(o);
        });
        IHost host = builder.Build();
        AgentHost app = new(host, host.Services.GetRequiredService<IChatClient>());
        if (start)
        {
            await app.StartHostAsync();
        }

        return app;
    }

    /// <summary>Starts the host, hence the worker (for a host created with <c>start: false</c>).</summary>
    public async Task StartHostAsync()
    {
        await this.host.StartAsync();
        this.started = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (this.started)
        {
            await this.host.StopAsync();
        }

        this.host.Dispose();
    }
}

/// <summary>The app's own functions: a read-only lookup and a refund that always needs approval; each call is counted.</summary>
public sealed class AppFunctions
{
    private int refunds;
    private int lookups;

    public AppFunctions()
    {
        this.Lookup = AIFunctionFactory.Create(this.LookupTicket, "lookup");
        this.Refund = new ApprovalRequiredAIFunction(AIFunctionFactory.Create(this.RefundOrder, "refund"));
        this.Slow = AIFunctionFactory.Create(async () => { await this.Gate.Task; return "released"; }, "slow", "Waits until the test releases it.");
        this.Broken = AIFunctionFactory.Create(string () => throw new InvalidOperationException("disk on fire"), "broken", "Always fails.");
    }

    /// <summary>Holds <see cref="Slow"/>'s calls until the test sets it.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AIFunction Slow { get; }

    public AIFunction Broken { get; }

    public AIFunction Lookup { get; }

    public AIFunction Refund { get; }

    public int Refunds => Volatile.Read(ref this.refunds);

    public int Lookups => Volatile.Read(ref this.lookups);

    [Description("Looks a ticket up by id.")]
    private TicketInfo LookupTicket([Description("The ticket id, e.g. T-7.")] string id)
    {
        Interlocked.Increment(ref this.lookups);
        return new TicketInfo(id, "open", 42);
    }

    [Description("Refunds an order; money leaves the company.")]
    private string RefundOrder(string orderId, int amount)
    {
        Interlocked.Increment(ref this.refunds);
        return $"refunded {amount} on {orderId}";
    }
}

public sealed record TicketInfo(string Id, string Status, int OrderAmount);
