using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Smooven.Client.AI.Tests.Support;

/// <summary>Runs one user turn through UseFunctionInvocation() with the scripted model and the tools.</summary>
internal static class AgentRun
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static FunctionCallContent NotifyCall(string callId, object? userId = null, string intent = "Remind Sarah about her appointment", Dictionary<string, object?>? extra = null)
    {
        var arguments = new Dictionary<string, object?> { ["intent"] = intent, ["user_id"] = userId ?? "sarah@example.com" };
        foreach (var (key, value) in extra ?? [])
        {
            arguments[key] = value;
        }

        return new FunctionCallContent(callId, "notify_user", arguments);
    }

    /// <summary>The user asks; the scripted model calls the planned tool; returns what the model read back.</summary>
    public static async Task<(ChatResponse Response, JsonElement Result)> TurnAsync(SmoovenAITools tools, FunctionCallContent call)
    {
        var model = new ScriptedChatClient(call);
        using var agent = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        var response = await agent.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Please remind Sarah about her appointment.")],
            new ChatOptions { Tools = [.. tools.Functions] }).WaitAsync(Patience);
        return (response, Assert.Single(model.SeenResults));
    }

    /// <summary>The model's tool-call arguments as a model writes them: parsed JSON.</summary>
    public static Dictionary<string, object?> Json(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    public static string Status(JsonElement result) => result.GetProperty("status").GetString()!;

    public static string Message(JsonElement result) => result.GetProperty("message").GetString()!;

    public static string[] Events(JsonElement result) => [.. result.GetProperty("events").EnumerateArray().Select(e => e.GetString()!)];
}
