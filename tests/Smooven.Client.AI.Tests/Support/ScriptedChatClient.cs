using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Smooven.Client.AI.Tests.Support;

/// <summary>
/// A stand-in for a model: each time the user speaks it makes the next planned tool call; once the
/// tool's result is back it answers in words from the result's status and message, as a model would.
/// </summary>
internal sealed class ScriptedChatClient(params FunctionCallContent[] plannedCalls) : IChatClient
{
    private readonly Queue<FunctionCallContent> _planned = new(plannedCalls);
    private readonly List<JsonElement> _seen = [];

    /// <summary>Every tool result the "model" has read, in order.</summary>
    public IReadOnlyList<JsonElement> SeenResults => _seen;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var last = messages.Last();
        var result = last.Contents.OfType<FunctionResultContent>().LastOrDefault();
        if (result is not null)
        {
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer(result))));
        }

        var call = _planned.Dequeue();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private string Answer(FunctionResultContent result)
    {
        if (result.Result is JsonElement json)
        {
            _seen.Add(json);
            return $"The notification tool answered {json.GetProperty("status").GetString()}: {json.GetProperty("message").GetString()}";
        }

        return "The notification tool answered: " + result.Result;
    }
}
