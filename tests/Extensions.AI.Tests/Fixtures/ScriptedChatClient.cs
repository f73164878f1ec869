using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ScriptHarness.Tests.Extensions.AI.Fixtures;

/// <summary>
/// The model, in process: answers each request with the next queued text and records what it was
/// sent (the messages as the model saw them, and the options).
/// </summary>
public sealed class ScriptedChatClient(params string[] answers) : IChatClient
{
    private readonly Queue<string> answers = new(answers);

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public void Enqueue(params string[] more)
    {
        foreach (string answer in more)
        {
            this.answers.Enqueue(answer);
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        this.Requests.Add(([.. messages], options));
        string text = this.answers.Count > 0 ? this.answers.Dequeue() : throw new InvalidOperationException("The scripted model has no answer left.");
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "scripted", Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 } });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await this.GetResponseAsync(messages, options, cancellationToken);
        string text = response.Text;
        string id = "msg-" + this.Requests.Count;
        // A few chunks, as a provider streams them.
        for (int at = 0; at < text.Length; at += 16)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(at, Math.Min(16, text.Length - at))) { MessageId = id };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
