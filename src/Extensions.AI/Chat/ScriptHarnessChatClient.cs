using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Extensions.AI.Conversation;
using ScriptHarness.Extensions.AI.Functions;
using ScriptHarness.Extensions.AI.Prompt;
using ScriptHarness.Extensions.AI.Streaming;
using ScriptHarness.Extensions.AI.Turns;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Declarations;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.Extensions.AI.Chat;

/// <summary>
/// A delegating <see cref="IChatClient"/> that puts ScriptHarness's code mode into any chat
/// pipeline: it tells the model how to answer with <c>&lt;tool-calls&gt;</c> scripts and declares the
/// tools in TypeScript, runs each answer's scripts as a durable turn through
/// <see cref="ScriptRunClient"/> (on the app's own worker) or, in remote mode
/// (<see cref="ScriptHarnessChatClientOptions.Server"/>), on a ScriptHarness server over its HTTP API, appends each block as a <c>script</c>
/// call with its report as the result, and asks the inner client again until the model answers
/// without a script or <see cref="ScriptHarnessChatClientOptions.MaxRounds"/> is reached. A run
/// that waits for a person returns a response holding one <see cref="ToolApprovalRequestContent"/>
/// per waiting call; sending the conversation back with the answers
/// (<see cref="ToolApprovalRequestContent.CreateResponse"/>) delivers them and resumes the durable
/// run, in this process or another one hours later: the request ids carry the run.
/// </summary>
public sealed class ScriptHarnessChatClient : DelegatingChatClient
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key that says why the loop stopped, when it stopped before the model's final answer.</summary>
    public const string StopReasonKey = "scriptharness.stopReason";

    /// <summary>
    /// The <see cref="AIContent.AdditionalProperties"/> key of a <c>script</c> call that continued a
    /// failed run (<see cref="ScriptHarnessChatClientOptions.ContinueFailedRuns"/>): the failed run's id.
    /// </summary>
    public const string ContinuedFromKey = "scriptharness.continuedFrom";

    /// <summary>The stop reason when a run waits for approval: the response ends with the approval requests.</summary>
    public const string AwaitingApprovalReason = "awaiting-approval";

    /// <summary>The stop reason when <see cref="ScriptHarnessChatClientOptions.MaxRounds"/> rounds ran: the response ends with the last reports.</summary>
    public const string RoundLimitReason = "round-limit";

    private readonly ToolRegistry? tools;
    private readonly ScriptHarnessChatClientOptions options;
    private readonly ITurnBackend runner;
    private readonly RemoteTurnRunner? remote;
    private readonly HttpClient? http;
    private readonly string? workspace;
    private string? instructions;

    /// <summary>Creates the client over <paramref name="innerClient"/> and the harness registered by <c>AddScriptHarness</c>.</summary>
    /// <param name="innerClient">The model's client.</param>
    /// <param name="runs">The orchestrations' client (its worker must run in this process or share its store).</param>
    /// <param name="tools">The harness's tools, declared to the model.</param>
    /// <param name="options">How to run; defaults when null.</param>
    public ScriptHarnessChatClient(IChatClient innerClient, ScriptRunClient runs, ToolRegistry tools, ScriptHarnessChatClientOptions? options = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(tools);
        this.tools = tools;
        this.options = options ?? new ScriptHarnessChatClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxRounds, 1, nameof(options));
        this.workspace = Path.GetFullPath(this.options.Workspace ?? Directory.GetCurrentDirectory());
        this.runner = new TurnRunner(runs, this.options.MaxPollInterval);
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.ToolDiscoveryThreshold, nameof(options));
        this.instructions = ScriptInstructions.Build(this.options.Preamble, tools.Descriptors, new ToolDiscoveryOptions { Threshold = this.options.ToolDiscoveryThreshold }, this.options.ContinueFailedRuns);
    }

    /// <summary>
    /// Creates the client in remote mode: turns run on the ScriptHarness server at
    /// <see cref="ScriptHarnessChatClientOptions.Server"/> over its HTTP API, authenticated with the key in
    /// the environment variable <see cref="ScriptHarnessChatClientOptions.ApiKeyVariable"/>.
    /// </summary>
    /// <param name="innerClient">The model's client.</param>
    /// <param name="options">How to run; <see cref="ScriptHarnessChatClientOptions.Server"/> is required.</param>
    /// <exception cref="ArgumentException"><see cref="ScriptHarnessChatClientOptions.Server"/> is not set.</exception>
    /// <exception cref="InvalidOperationException">The API key's environment variable is not set.</exception>
    public ScriptHarnessChatClient(IChatClient innerClient, ScriptHarnessChatClientOptions options)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        Uri server = options.Server ?? throw new ArgumentException("Remote mode needs options.Server.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRounds, 1, nameof(options));
        string key = Environment.GetEnvironmentVariable(options.ApiKeyVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The environment variable {options.ApiKeyVariable} that should hold the ScriptHarness server's API key is not set.");
        this.options = options;
        this.workspace = options.Workspace is null ? null : Path.GetFullPath(options.Workspace);
        this.http = RemoteTurnRunner.CreateClient(server, key);
        this.remote = new RemoteTurnRunner(this.http, options.MaxPollInterval);
        this.runner = this.remote;
    }

    /// <summary>
    /// The system text sent before the conversation: the script instructions and the tools' TypeScript
    /// declaration. In remote mode it is empty until the first request read the server's declaration.
    /// </summary>
    public string Instructions => this.instructions ?? string.Empty;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        List<ChatMessage> history = [.. messages];
        RequestSetup setup = this.Setup(options);
        string instructions = await this.InstructionsAsync(cancellationToken).ConfigureAwait(false);
        Loop loop = new(history);

        if (Resumption.Find(history) is { } resume)
        {
            await this.DeliverAsync(resume, cancellationToken).ConfigureAwait(false);
            if (!loop.Apply(await this.runner.RunToOutcomeAsync(resume.TurnId, resume.Answered, cancellationToken).ConfigureAwait(false)))
            {
                return loop.Response(null, AwaitingApprovalReason);
            }
        }

        for (int round = 1; ; round++)
        {
            List<ChatMessage> sent = ConversationShapes.ForModel(history, instructions);
            string? failedRun = this.FailedRunOf(history);
            ChatResponse response = await base.GetResponseAsync(sent, setup.InnerOptions, cancellationToken).ConfigureAwait(false);
            StartedTurn? turn = await this.StartTurnAsync(response, setup, failedRun, cancellationToken).ConfigureAwait(false);
            loop.Add(response);
            if (turn is null)
            {
                return loop.Response(response, null);
            }

            TurnEvent outcome = turn.Refused ?? await this.runner.RunToOutcomeAsync(turn.TurnId, null, cancellationToken).ConfigureAwait(false);
            if (!loop.Apply(outcome))
            {
                return loop.Response(response, AwaitingApprovalReason);
            }

            if (round >= this.options.MaxRounds)
            {
                return loop.Response(response, RoundLimitReason);
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        List<ChatMessage> history = [.. messages];
        RequestSetup setup = this.Setup(options);
        string instructions = await this.InstructionsAsync(cancellationToken).ConfigureAwait(false);
        Loop loop = new(history);

        if (Resumption.Find(history) is { } resume)
        {
            await this.DeliverAsync(resume, cancellationToken).ConfigureAwait(false);
            bool paused = false;
            await foreach (ChatResponseUpdate update in this.WatchAsync(resume.TurnId, resume.Answered, loop, cancellationToken).ConfigureAwait(false))
            {
                paused |= update.Contents.Any(c => c is ToolApprovalRequestContent);
                yield return update;
            }

            if (paused)
            {
                yield break;
            }
        }

        for (int round = 1; ; round++)
        {
            List<ChatMessage> sent = ConversationShapes.ForModel(history, instructions);
            string? failedRun = this.FailedRunOf(history);
            List<ChatResponseUpdate> updates = [];
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(sent, setup.InnerOptions, cancellationToken).ConfigureAwait(false))
            {
                // The model's text goes out as it arrives; scripts are found once the answer is whole.
                updates.Add(update);
                yield return update;
            }

            ChatResponse response = updates.ToChatResponse();
            StartedTurn? turn = await this.StartTurnAsync(response, setup, failedRun, cancellationToken).ConfigureAwait(false);
            loop.Add(response);
            if (turn is null)
            {
                yield break;
            }

            ChatResponseUpdate last = updates.LastOrDefault() ?? new ChatResponseUpdate();
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. turn.Calls])
            {
                MessageId = last.MessageId,
                ResponseId = last.ResponseId,
                ModelId = last.ModelId,
            };

            bool paused = false;
            IAsyncEnumerable<ChatResponseUpdate> watched = turn.Refused is { } refused
                ? Single(loop.Apply(refused) ? ResultsUpdate(refused) : throw new InvalidOperationException("A refused turn cannot pause."))
                : this.WatchAsync(turn.TurnId, null, loop, cancellationToken);
            await foreach (ChatResponseUpdate update in watched.ConfigureAwait(false))
            {
                paused |= update.Contents.Any(c => c is ToolApprovalRequestContent);
                yield return update;
            }

            if (paused || round >= this.options.MaxRounds)
            {
                yield break;
            }
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Single(ChatResponseUpdate update)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return update;
    }

    private static ChatResponseUpdate ResultsUpdate(TurnCompleted completed) =>
        new(ChatRole.Tool, [.. ConversationShapes.Results(completed.Blocks).Contents]) { MessageId = "scriptharness-results-" + completed.TurnId };

    // Progress of the running block while it runs, then its results or its approval requests.
    private async IAsyncEnumerable<ChatResponseUpdate> WatchAsync(string turnId, ISet<(string RunId, int CallId)>? answered, Loop loop, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (TurnEvent next in this.runner.WatchAsync(turnId, answered, cancellationToken).ConfigureAwait(false))
        {
            switch (next)
            {
                case TurnProgress progress:
                    yield return new ChatResponseUpdate(ChatRole.Tool, [new ScriptProgressContent(progress.RunId, progress.Status.CallsDone, progress.Status.CallsInFlight, progress.Status.LastProgress)])
                    {
                        MessageId = "scriptharness-progress-" + progress.RunId,
                    };
                    break;
                case TurnCompleted completed:
                    _ = loop.Apply(completed);
                    yield return ResultsUpdate(completed);
                    break;
                case TurnPaused paused:
                    _ = loop.Apply(paused);
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [.. paused.Pending.Select(ConversationShapes.ApprovalRequest)])
                    {
                        MessageId = "scriptharness-approvals-" + turnId,
                        FinishReason = ChatFinishReason.ToolCalls,
                    };
                    break;
            }
        }
    }

    // Remote mode reads the server's declaration once; a failed read is tried again on the next request.
    private async Task<string> InstructionsAsync(CancellationToken cancellationToken)
    {
        if (this.instructions is { } built)
        {
            return built;
        }

        string declaration = await this.remote!.GetDeclarationAsync(cancellationToken).ConfigureAwait(false);
        this.instructions = ScriptInstructions.Build(this.options.Preamble, declaration, this.options.ContinueFailedRuns);
        return this.instructions;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            this.http?.Dispose();
        }

        base.Dispose(disposing);
    }

    private RequestSetup Setup(ChatOptions? options)
    {
        ChatOptions inner = options?.Clone() ?? new ChatOptions();
        List<ApprovalRule> rules = [.. this.options.Policy?.Rules ?? []];
        foreach (string name in this.tools?.Names ?? [])
        {
            if (this.tools!.TryGet(name, out ITool? tool) && tool is AIFunctionTool { RequiresApproval: true })
            {
                rules.Add(AlwaysAsk(name));
            }
        }

        if (inner.Tools is { Count: > 0 } requested)
        {
            List<AITool> kept = [];
            foreach (AITool tool in requested)
            {
                if (tool is not AIFunctionDeclaration function)
                {
                    kept.Add(tool);
                    continue;
                }

                // A remote server runs only its own tools: the app's function would never run there.
                if (this.tools is null)
                {
                    throw new ScriptHarnessChatException(
                        ScriptHarnessChatException.FunctionNotOnServerCode,
                        $"The function '{function.Name}' in ChatOptions.Tools cannot run in remote mode: the ScriptHarness server at {this.options.Server} runs only its own tools (GET /api/tools). Use embedded mode (AddScriptHarness with tools.AddAIFunctions) to give scripts the app's functions.");
                }

                // The model calls the app's functions from its scripts, as tools.<name>: they must run as
                // activities of the worker, so they are registered with the harness, not passed per request.
                if (!this.tools.TryGet(function.Name, out _))
                {
                    throw new ScriptHarnessChatException(
                        ScriptHarnessChatException.ToolNotRegisteredCode,
                        $"The function '{function.Name}' in ChatOptions.Tools is not a script tool: add it with AddScriptHarness(configuration, tools => tools.AddAIFunctions(...)) so the worker can run it.");
                }

                if (function.GetService(typeof(ApprovalRequiredAIFunction)) is not null)
                {
                    rules.Add(AlwaysAsk(function.Name));
                }
            }

            inner.Tools = kept.Count > 0 ? kept : null;
            if (inner.Tools is null)
            {
                inner.ToolMode = null;
            }
        }

        ApprovalPolicy? policy = rules.Count == 0 && this.options.Policy is null
            ? null
            : new ApprovalPolicy { Mode = this.options.Policy?.Mode ?? ApprovalMode.OnRequest, Rules = rules };
        return new RequestSetup(inner, policy);
    }

    private static ApprovalRule AlwaysAsk(string tool) =>
        new() { Tool = tool, Action = ApprovalAction.Ask, Reason = $"{tool} requires approval (ApprovalRequiredAIFunction)" };

    // The failed run an answer to this history continues, when the option is on (see FailedRun).
    private string? FailedRunOf(List<ChatMessage> history) =>
        this.options.ContinueFailedRuns ? FailedRun.Find(history) : null;

    // Finds the answer's scripts and starts them as one turn (continuing failedRun when set); null when the answer has none.
    private async Task<StartedTurn?> StartTurnAsync(ChatResponse response, RequestSetup setup, string? failedRun, CancellationToken cancellationToken)
    {
        DetectedMessage detected = ScriptDetector.Detect(response.Text);
        if (detected.Blocks.Count == 0)
        {
            return null;
        }

        string conversationId = "meai-" + Guid.NewGuid().ToString("N");
        const string TurnId = "1";
        string turnInstanceId = RunIds.Turn(conversationId, TurnId);
        ChatMessage assistant = ConversationShapes.LastAssistant(response);
        List<string> scripts = [];
        ScriptRuntime.Errors.ScriptError? refusal = null;
        int refusedBlock = -1;
        foreach (ScriptBlock block in detected.Blocks)
        {
            ScriptRuntime.Errors.ScriptError? error = block.Error ?? (ScriptValidator.Validate(block.Source) is { IsValid: false } invalid ? invalid.Error : null);
            if (error is not null && refusal is null)
            {
                refusal = error;
                refusedBlock = block.Index;
            }

            scripts.Add(block.Source);
        }

        if (refusal is not null)
        {
            List<FunctionCallContent> calls = Calls(assistant, [.. scripts.Select((_, i) => RunIds.Run(turnInstanceId, i))]);
            // As the CLI and HTTP API do: a bad block refuses the whole answer, so nothing runs half-way.
            BlockResult[] blocks = [.. calls.Select((c, i) => i == refusedBlock
                ? new BlockResult(c.CallId, ModelReportFormatter.Format(ScriptReports.Refused(refusal)), "failed")
                : new BlockResult(c.CallId, "status: not-run\nThis script did not run because script " + (refusedBlock + 1) + " of this message was refused.", "not-run"))];
            return new StartedTurn(turnInstanceId, calls) { Refused = new TurnCompleted(turnInstanceId, blocks) };
        }

        TurnStartRequest request = new(conversationId, TurnId, scripts, response.Text, this.workspace, setup.Policy, response.ModelId, this.InnerClient.GetService<ChatClientMetadata>()?.ProviderName)
        {
            ContinueFrom = failedRun,
        };
        TurnStarted started = await this.runner.StartAsync(request, cancellationToken).ConfigureAwait(false);
        List<FunctionCallContent> scriptCalls = Calls(assistant, started.RunIds);
        if (started.ContinuedFrom is { } continued)
        {
            // For the app (the model reads the reused calls in the report): which run the first block continued.
            (scriptCalls[0].AdditionalProperties ??= [])[ContinuedFromKey] = continued;
        }

        return new StartedTurn(started.TurnId, scriptCalls);
    }

    // One script call per block on the model's message; its call id is the block's run id.
    private static List<FunctionCallContent> Calls(ChatMessage assistant, IReadOnlyList<string> runIds)
    {
        List<FunctionCallContent> calls = [.. runIds.Select((id, i) => ConversationShapes.ScriptCall(id, i))];
        foreach (FunctionCallContent call in calls)
        {
            assistant.Contents.Add(call);
        }

        return calls;
    }

    private async Task DeliverAsync(Resumption resume, CancellationToken cancellationToken)
    {
        foreach (IGrouping<string, (string RunId, int CallId, ToolApprovalResponseContent Answer)> run in resume.Answers.GroupBy(a => a.RunId))
        {
            (int, ApprovalDecision)[] decisions = [.. run.Select(a => (a.CallId, new ApprovalDecision(
                a.Answer.Approved ? DecisionVerdict.Approve : DecisionVerdict.Deny,
                DecisionScope.Call,
                Reason: a.Answer.Reason,
                DecidedBy: this.options.DecidedBy,
                DecidedAt: DateTimeOffset.UtcNow)))];
            await this.runner.DecideAsync(run.Key, decisions, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record RequestSetup(ChatOptions InnerOptions, ApprovalPolicy? Policy);

    private sealed record StartedTurn(string TurnId, IReadOnlyList<FunctionCallContent> Calls)
    {
        public TurnCompleted? Refused { get; init; }
    }

    /// <summary>The messages one request adds to the conversation, and the response that returns them.</summary>
    private sealed class Loop(List<ChatMessage> history)
    {
        private readonly List<ChatMessage> added = [];
        private UsageDetails? usage;

        public void Add(ChatResponse response)
        {
            this.Append(response.Messages);
            if (response.Usage is { } used)
            {
                if (this.usage is null)
                {
                    this.usage = new UsageDetails();
                }

                this.usage.Add(used);
            }
        }

        /// <summary>Appends the outcome; false when the turn paused (the approval requests are the last message).</summary>
        public bool Apply(TurnEvent outcome)
        {
            switch (outcome)
            {
                case TurnCompleted completed:
                    this.Append([ConversationShapes.Results(completed.Blocks)]);
                    return true;
                case TurnPaused paused:
                    this.Append([ConversationShapes.ApprovalRequests(paused.Pending)]);
                    return false;
                default:
                    throw new InvalidOperationException($"Not an outcome: {outcome.GetType().Name}.");
            }
        }

        public ChatResponse Response(ChatResponse? last, string? stopReason)
        {
            ChatResponse response = new(this.added)
            {
                ResponseId = last?.ResponseId,
                ModelId = last?.ModelId,
                CreatedAt = last?.CreatedAt,
                FinishReason = stopReason is null ? last?.FinishReason : ChatFinishReason.ToolCalls,
                Usage = this.usage,
            };
            if (stopReason is not null)
            {
                response.AdditionalProperties = new AdditionalPropertiesDictionary { [StopReasonKey] = stopReason };
            }

            return response;
        }

        private void Append(IEnumerable<ChatMessage> messages)
        {
            foreach (ChatMessage message in messages)
            {
                this.added.Add(message);
                history.Add(message);
            }
        }
    }
}
