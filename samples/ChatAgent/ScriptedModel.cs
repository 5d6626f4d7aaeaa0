using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatAgent;

/// <summary>
/// A stand-in for a language model, so the sample runs with no model and no network. It plays the
/// part a real model plays with these tools: asked to remind someone, it calls notify_user; it reads
/// the JSON result; when the reminder failed or went unanswered it escalates once, at critical
/// urgency; then it answers the user in words.
/// </summary>
public sealed class ScriptedModel(string userId) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        var results = history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        if (results.Count == 0)
        {
            return Reply(Call("call_remind", "Remind Sarah about her appointment tomorrow at 9:00", "normal"));
        }

        var last = ReadResult(results[^1]);
        var status = last.GetProperty("status").GetString();
        if (status is "failed" or "timed_out" && results.Count == 1)
        {
            return Reply(Call("call_escalate", "Urgent: Sarah must confirm her appointment tomorrow at 9:00 or it will be given away", "critical"));
        }

        var channel = last.TryGetProperty("channel", out var used) ? used.GetString() : null;
        return Reply(new TextContent(status switch
        {
            "delivered" or "opened" or "clicked" when results.Count == 1 => $"Done: Sarah has her reminder (delivered by {channel}).",
            "delivered" or "opened" or "clicked" => $"The first reminder did not get through, so I sent an urgent one, and that reached Sarah by {channel}.",
            "failed" or "timed_out" => "I could not reach Sarah, even with an urgent message. Please call her yourself.",
            _ => "I could not send the reminder: " + last.GetProperty("message").GetString(),
        }));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model answers in one piece; use GetResponseAsync.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private FunctionCallContent Call(string callId, string intent, string urgency) =>
        new(callId, "notify_user", new Dictionary<string, object?>
        {
            ["intent"] = intent,
            ["user_id"] = userId,
            ["urgency"] = urgency,
            ["timeout_seconds"] = 30,
        });

    private static Task<ChatResponse> Reply(AIContent content) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [content])));

    // A real model reads the result as text; the tools hand back a JsonElement, or its text once serialized.
    private static JsonElement ReadResult(FunctionResultContent result) => result.Result switch
    {
        JsonElement json => json,
        var other => JsonDocument.Parse(other?.ToString() ?? "{}").RootElement,
    };
}
