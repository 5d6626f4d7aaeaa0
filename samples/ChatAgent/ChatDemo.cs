using Microsoft.Extensions.AI;
using Smooven.Client.AI;

namespace ChatAgent;

/// <summary>One user request through an agent: a chat client with function invocation and Smooven's tools.</summary>
public static class ChatDemo
{
    public const string Request = "Please remind Sarah about her appointment tomorrow at 9:00.";

    /// <summary>Runs the request, shows each tool call and result, and returns the agent's final status.</summary>
    public static async Task<string?> RunAsync(IChatClient model, SmoovenAITools tools, TextWriter output, CancellationToken cancellationToken = default)
    {
        using var agent = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        await output.WriteLineAsync("user:  " + Request);

        var response = await agent.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You are a clinic's assistant. Use notify_user to reach patients and act on its result."),
             new ChatMessage(ChatRole.User, Request)],
            new ChatOptions { Tools = [.. tools.Functions] },
            cancellationToken);

        string? lastStatus = null;
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            switch (content)
            {
                case FunctionCallContent call:
                    await output.WriteLineAsync($"agent: calls {call.Name}(urgency: {call.Arguments?["urgency"]}, user_id: {call.Arguments?["user_id"]})");
                    break;
                case FunctionResultContent result:
                    await output.WriteLineAsync("tool:  " + result.Result);
                    lastStatus = result.Result is System.Text.Json.JsonElement json ? json.GetProperty("status").GetString() : null;
                    break;
                case TextContent text when !string.IsNullOrWhiteSpace(text.Text):
                    await output.WriteLineAsync("agent: " + text.Text);
                    break;
            }
        }

        return lastStatus;
    }
}
