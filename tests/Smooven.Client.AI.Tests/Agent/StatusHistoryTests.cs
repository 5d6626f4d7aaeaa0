using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Agent;

/// <summary>
/// What get_notification_status reads from DeliveryTracker.GetStatus. These fail while GetStatus is
/// the stub that answers null, and pass once the tracker's history is merged.
/// </summary>
public class StatusHistoryTests
{
    private static readonly Dictionary<string, object?> NoWait = new() { ["wait_for_outcome"] = false };

    [Fact]
    public async Task After_delivery_the_status_is_delivered_with_every_event()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();
        var (_, sent) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1"));

        var status = await StatusAsync(tools, sent);

        Assert.Equal("delivered", AgentRun.Status(status));
        Assert.Equal("sms", status.GetProperty("channel").GetString());
        Assert.Equal(["queued", "sent", "delivered"], AgentRun.Events(status));
    }

    [Fact]
    public async Task After_a_fallback_the_status_names_the_channel_that_delivered()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();
        var (_, sent) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", "sarah+fallback@example.com", extra: NoWait));
        await host.Emulator.WaitForCallbackAttemptsAsync(a => a.Any(x => x.Event == CallbackEvent.Delivered && x.IsAcknowledged)).WaitAsync(AgentRun.Patience);

        var status = await StatusAsync(tools, sent);

        Assert.Equal("delivered", AgentRun.Status(status));
        Assert.Equal("email", status.GetProperty("channel").GetString());
        Assert.Equal(["queued", "sent", "fallback", "sent", "delivered"], AgentRun.Events(status));
    }

    [Fact]
    public async Task After_a_failure_the_status_says_to_escalate()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();
        var (_, sent) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", "sarah+failed@example.com"));

        var status = await StatusAsync(tools, sent);

        Assert.Equal("failed", AgentRun.Status(status));
        Assert.Contains("Try another channel or escalate", AgentRun.Message(status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_intent_reports_what_became_of_the_earlier_notification()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();
        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1"));

        var (_, again) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2"));

        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal("delivered", AgentRun.Status(again));
        Assert.Single(host.Emulator.Notifications);
    }

    [Fact]
    public async Task Over_mcp_get_notification_status_reads_the_outcome()
    {
        await using var host = await AgentHost.StartAsync();
        await using var mcp = await McpPair.StartAsync(host);
        var sent = await mcp.Client.CallToolAsync(
            "notify_user", new Dictionary<string, object?> { ["intent"] = "Remind Sarah", ["user_id"] = "sarah@example.com" }).AsTask().WaitAsync(AgentRun.Patience);
        var id = System.Text.Json.JsonSerializer.SerializeToElement(sent.StructuredContent).GetProperty("notification_id").GetString();

        var result = await mcp.Client.CallToolAsync(
            "get_notification_status", new Dictionary<string, object?> { ["notification_id"] = id }).AsTask().WaitAsync(AgentRun.Patience);

        var status = System.Text.Json.JsonSerializer.SerializeToElement(result.StructuredContent);
        Assert.Equal("delivered", AgentRun.Status(status));
        Assert.Equal(["queued", "sent", "delivered"], AgentRun.Events(status));
    }

    private static async Task<System.Text.Json.JsonElement> StatusAsync(SmoovenAITools tools, System.Text.Json.JsonElement sent)
    {
        var (_, status) = await AgentRun.TurnAsync(tools, new Microsoft.Extensions.AI.FunctionCallContent(
            "call_status", "get_notification_status", new Dictionary<string, object?> { ["notification_id"] = sent.GetProperty("notification_id").GetString() }));
        return status;
    }
}
