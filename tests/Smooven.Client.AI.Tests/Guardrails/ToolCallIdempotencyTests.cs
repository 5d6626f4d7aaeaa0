using System.Text.Json;
using Microsoft.Extensions.AI;
using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Guardrails;

/// <summary>A tool call run again never sends again: its idempotency key comes from the call id.</summary>
public class ToolCallIdempotencyTests
{
    private static readonly Dictionary<string, object?> NoWait = new() { ["wait_for_outcome"] = false };

    [Fact]
    public async Task A_retried_tool_call_with_the_same_id_creates_one_notification()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.Zero); // only the idempotency key stands in the way

        var (_, first) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_Ab3", extra: NoWait));
        var (_, retried) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_Ab3", extra: NoWait));

        Assert.Single(host.Emulator.Notifications);
        Assert.Equal(2, host.Emulator.Requests.Count);
        Assert.Single(host.Emulator.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.True(host.Emulator.Requests[1].IsReplay);
        Assert.Equal(first.GetProperty("notification_id").GetString(), retried.GetProperty("notification_id").GetString());
    }

    [Fact]
    public async Task The_same_call_id_with_other_content_is_a_different_notification()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_0", extra: NoWait));
        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_0", "tom@example.com", extra: NoWait));

        Assert.Equal(2, host.Emulator.Notifications.Count);
        Assert.Equal(2, host.Emulator.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task The_same_call_id_with_the_same_text_split_otherwise_is_a_different_notification()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.Zero);

        await AgentRun.TurnAsync(tools, new("call_0", "notify_user", new Dictionary<string, object?> { ["intent"] = "Tell her\nthe lab results are in", ["user_id"] = "ann@example.com", ["wait_for_outcome"] = false }));
        var (_, second) = await AgentRun.TurnAsync(tools, new("call_0", "notify_user", new Dictionary<string, object?> { ["intent"] = "the lab results are in", ["user_id"] = "ann@example.com\nTell her", ["wait_for_outcome"] = false }));

        Assert.Equal("sent", AgentRun.Status(second));
        Assert.Equal(2, host.Emulator.Notifications.Count);
        Assert.Equal(2, host.Emulator.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task A_host_without_function_invocation_can_pass_the_tool_call_id_in_the_context()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.Zero);
        AIFunctionArguments Call() => new(new Dictionary<string, object?> { ["intent"] = "Remind Sarah", ["user_id"] = "sarah@example.com", ["wait_for_outcome"] = false })
        {
            Context = new Dictionary<object, object?> { [SmoovenAITools.ToolCallIdKey] = "sk-run-7/step-3" },
        };

        await tools.Functions[0].InvokeAsync(Call());
        await tools.Functions[0].InvokeAsync(Call());

        Assert.Single(host.Emulator.Notifications);
        Assert.Single(host.Emulator.Requests.Select(r => r.IdempotencyKey).Distinct());
    }

    // A host running inside another tool call (a workflow step the model called) passes an id per step:
    // that id, not the outer call's, names the call; with none, the outer call's id names none of the
    // steps either, so two steps with the same content are two notifications.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Calls_made_inside_another_tool_call_are_not_named_by_its_id(bool hostPassesIds)
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.Zero); // only the idempotency key stands in the way
        var workflow = AIFunctionFactory.Create(
            async () =>
            {
                foreach (var step in new[] { "run-7/step-1", "run-7/step-2" })
                {
                    await tools.Functions[0].InvokeAsync(new AIFunctionArguments(new Dictionary<string, object?> { ["intent"] = "Remind Sarah", ["user_id"] = "sarah@example.com", ["wait_for_outcome"] = false })
                    {
                        Context = hostPassesIds ? new Dictionary<object, object?> { [SmoovenAITools.ToolCallIdKey] = step } : null,
                    });
                }

                return JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["status"] = "sent", ["message"] = "Both steps ran." });
            },
            "run_reminder_workflow");
        using var agent = new ChatClientBuilder(new ScriptedChatClient(new FunctionCallContent("call_0", "run_reminder_workflow"))).UseFunctionInvocation().Build();

        await agent.GetResponseAsync([new ChatMessage(ChatRole.User, "Run the reminder workflow.")], new ChatOptions { Tools = [workflow] }).WaitAsync(AgentRun.Patience);

        Assert.Equal(2, host.Emulator.Notifications.Count);
        Assert.Equal(2, host.Emulator.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
    }
}
