using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Guardrails;

/// <summary>What stands between a model's decision and a message to a person: rate limit, allow-list, dry run.</summary>
public class GuardrailTests
{
    private static readonly Dictionary<string, object?> NoWait = new() { ["wait_for_outcome"] = false };

    [Fact]
    public async Task Past_the_per_recipient_limit_the_model_is_told_to_wait()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.PerRecipientLimit = 2);

        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", intent: "Remind Sarah about her appointment", extra: NoWait));
        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", intent: "Tell Sarah to bring her insurance card", extra: NoWait));
        var (_, third) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_3", intent: "Tell Sarah parking is free", extra: NoWait));
        var (_, other) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_4", "tom@example.com", extra: NoWait));

        Assert.Equal("rate_limited", AgentRun.Status(third));
        Assert.InRange(third.GetProperty("retry_after_seconds").GetInt32(), 1, 3600);
        Assert.Contains("Wait retry_after_seconds", AgentRun.Message(third), StringComparison.Ordinal);
        Assert.Equal("sent", AgentRun.Status(other));
        Assert.Equal(3, host.Emulator.Notifications.Count);
    }

    [Fact]
    public async Task A_recipient_off_the_allow_list_is_refused_and_nothing_is_sent()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.AllowedRecipients = id => id.EndsWith("@example.com", StringComparison.OrdinalIgnoreCase));

        var (_, result) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", "mallory@attacker.test"));

        Assert.Equal("not_allowed", AgentRun.Status(result));
        Assert.Contains("Do not retry", AgentRun.Message(result), StringComparison.Ordinal);
        Assert.Empty(host.Emulator.Requests);
    }

    [Fact]
    public async Task A_dry_run_answers_the_request_it_would_send_and_sends_nothing()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DryRun = true);

        var (_, result) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: new() { ["urgency"] = "critical", ["timeout_seconds"] = 500 }));

        Assert.Equal("dry_run", AgentRun.Status(result));
        var request = result.GetProperty("request");
        Assert.Equal("Remind Sarah about her appointment", request.GetProperty("intent").GetString());
        Assert.Equal("sarah@example.com", request.GetProperty("user_id").GetString());
        Assert.Equal("critical", request.GetProperty("urgency").GetString());
        Assert.Equal(120, request.GetProperty("timeout_seconds").GetDouble()); // capped at MaxWait
        Assert.Contains("nothing was sent", AgentRun.Message(result), StringComparison.Ordinal);
        Assert.Empty(host.Emulator.Requests);
    }
}
