using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Agent;

/// <summary>
/// A scripted model calls notify_user through UseFunctionInvocation(); the emulator plays Smooven and
/// the SDK's webhook endpoint completes the wait. The model reads back a result it can act on.
/// </summary>
public class NotifyUserOutcomeTests
{
    [Fact]
    public async Task Delivered_says_so_with_channel_and_events()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        var (response, result) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1"));

        Assert.Equal("delivered", AgentRun.Status(result));
        Assert.Equal("sms", result.GetProperty("channel").GetString());
        Assert.Equal(["queued", "sent", "delivered"], AgentRun.Events(result));
        Assert.Equal(host.Emulator.Notifications.Single().NotificationId, result.GetProperty("notification_id").GetString());
        Assert.Contains("Delivered via sms", AgentRun.Message(result), StringComparison.Ordinal);
        Assert.StartsWith("The notification tool answered delivered", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_tells_the_agent_to_try_another_channel_or_escalate()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        var (_, result) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", "sarah+failed@example.com"));

        Assert.Equal("failed", AgentRun.Status(result));
        Assert.Equal(["queued", "sent", "failed"], AgentRun.Events(result));
        Assert.Contains("Try another channel or escalate", AgentRun.Message(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_times_out_and_points_at_get_notification_status()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        var (_, result) = await AgentRun.TurnAsync(
            tools, AgentRun.NotifyCall("call_1", "sarah+silence@example.com", extra: new() { ["timeout_seconds"] = 0.3 }));

        Assert.Equal("timed_out", AgentRun.Status(result));
        Assert.Empty(AgentRun.Events(result));
        Assert.Contains("get_notification_status", AgentRun.Message(result), StringComparison.Ordinal);
        Assert.Equal(host.Emulator.Notifications.Single().NotificationId, result.GetProperty("notification_id").GetString());
        Assert.Equal(0, host.Tracker.PendingCount);
    }

    [Fact]
    public async Task Not_waiting_answers_sent_at_once()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        var (_, result) = await AgentRun.TurnAsync(
            tools, AgentRun.NotifyCall("call_1", "sarah+silence@example.com", extra: new() { ["wait_for_outcome"] = false }));

        Assert.Equal("sent", AgentRun.Status(result));
        Assert.Equal(host.Emulator.Notifications.Single().NotificationId, result.GetProperty("notification_id").GetString());
        Assert.Contains("get_notification_status", AgentRun.Message(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Urgency_and_intent_reach_smooven_as_the_model_gave_them()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        await AgentRun.TurnAsync(tools, new("call_1", "notify_user", AgentRun.Json(
            """{"intent":"Tell Sarah the clinic moved her appointment to 10:00","user_id":"sarah@example.com","urgency":"high","wait_for_outcome":false}""")));

        var sent = host.Emulator.Notifications.Single();
        Assert.Equal("Tell Sarah the clinic moved her appointment to 10:00", sent.Intent);
        Assert.Equal(Urgency.High, sent.Urgency);
        Assert.Equal("sarah@example.com", sent.UserId);
    }
}
