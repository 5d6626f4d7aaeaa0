using Microsoft.Extensions.AI;
using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Agent;

/// <summary>With RequireApproval, a person approves each send before it happens.</summary>
public class ApprovalTests
{
    [Fact]
    public async Task The_send_waits_for_approval_and_happens_once_granted()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.RequireApproval = true);
        var conversation = await ApprovalConversation.StartAsync(tools);
        Assert.Equal("notify_user", Assert.IsType<FunctionCallContent>(conversation.Request.ToolCall).Name);
        Assert.Empty(host.Emulator.Requests);

        var answered = await conversation.AnswerAsync(conversation.Request.CreateResponse(approved: true));

        Assert.Equal("delivered", AgentRun.Status(Assert.Single(conversation.Model.SeenResults)));
        Assert.Single(host.Emulator.Notifications);
        Assert.StartsWith("The notification tool answered delivered", answered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approved_call_run_again_sends_nothing_more()
    {
        // The approval wraps the function: the key must still come from the call's id.
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o =>
        {
            o.RequireApproval = true;
            o.DuplicateIntentWindow = TimeSpan.Zero; // only the idempotency key stands in the way
        });

        for (var run = 0; run < 2; run++)
        {
            var conversation = await ApprovalConversation.StartAsync(tools);
            await conversation.AnswerAsync(conversation.Request.CreateResponse(approved: true));
        }

        Assert.Equal(2, host.Emulator.Requests.Count);
        Assert.Single(host.Emulator.Notifications);
    }

    [Fact]
    public async Task A_denied_send_never_reaches_smooven_and_the_model_hears_why()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.RequireApproval = true);
        var conversation = await ApprovalConversation.StartAsync(tools);

        var answered = await conversation.AnswerAsync(conversation.Request.CreateResponse(approved: false, reason: "Sarah asked not to be texted today"));

        Assert.Empty(host.Emulator.Requests);
        Assert.Empty(conversation.Model.SeenResults); // no tool result JSON: the function never ran
        Assert.Contains("Sarah asked not to be texted today", answered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_notify_user_needs_approval()
    {
        using var tools = new SmoovenAITools(new SmoovenClient("sk_test_x"), new DeliveryTracker(), new SmoovenAIToolOptions { RequireApproval = true });

        Assert.IsType<ApprovalRequiredAIFunction>(tools.Functions[0]);
        Assert.Equal("notify_user", tools.Functions[0].Name);
        Assert.IsNotType<ApprovalRequiredAIFunction>(tools.Functions[1]);
    }

    /// <summary>The user asks; the model's notify_user call comes back as an approval request.</summary>
    private sealed class ApprovalConversation(ScriptedChatClient model, IChatClient agent, ChatOptions options, List<ChatMessage> history, ToolApprovalRequestContent request)
    {
        public ScriptedChatClient Model => model;

        public ToolApprovalRequestContent Request => request;

        public static async Task<ApprovalConversation> StartAsync(SmoovenAITools tools)
        {
            var model = new ScriptedChatClient(AgentRun.NotifyCall("call_1"));
            var agent = new ChatClientBuilder(model).UseFunctionInvocation().Build();
            var options = new ChatOptions { Tools = [.. tools.Functions] };
            List<ChatMessage> history = [new(ChatRole.User, "Please remind Sarah about her appointment.")];
            var asked = await agent.GetResponseAsync(history, options).WaitAsync(AgentRun.Patience);
            history.AddRange(asked.Messages);
            var request = Assert.Single(asked.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>());
            return new ApprovalConversation(model, agent, options, history, request);
        }

        /// <summary>The person's answer goes back to the agent, which acts on it and lets the model answer.</summary>
        public Task<ChatResponse> AnswerAsync(ToolApprovalResponseContent answer)
        {
            history.Add(new ChatMessage(ChatRole.User, [answer]));
            return agent.GetResponseAsync(history, options).WaitAsync(AgentRun.Patience);
        }
    }
}
