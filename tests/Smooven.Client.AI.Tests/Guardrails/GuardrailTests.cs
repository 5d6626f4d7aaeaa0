using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Guardrails;

/// <summary>What stands between a model's decision and a message to a person.</summary>
public class GuardrailTests
{
    private static readonly Dictionary<string, object?> NoWait = new() { ["wait_for_outcome"] = false };

    [Fact]
    public async Task Past_the_per_recipient_limit_the_model_is_told_to_wait()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.PerRecipientLimit = 2);

        await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_1", intent: "Remind Sarah about her appointment", extra: NoWait));
        await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_2", intent: "Tell Sarah to bring her insurance card", extra: NoWait));
        var (_, third) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_3", intent: "Tell Sarah parking is free", extra: NoWait));
        var (_, other) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_4", "tom@example.com", extra: NoWait));

        Assert.Equal("rate_limited", Support.Agent.Status(third));
        Assert.InRange(third.GetProperty("retry_after_seconds").GetInt32(), 1, 3600);
        Assert.Contains("Wait retry_after_seconds", Support.Agent.Message(third), StringComparison.Ordinal);
        Assert.Equal("sent", Support.Agent.Status(other));
        Assert.Equal(3, host.Emulator.Notifications.Count);
    }

    [Fact]
    public async Task The_same_intent_again_returns_the_earlier_notification_without_sending()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        var (_, first) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_1", extra: NoWait));
        var (_, again) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_2", intent: "  remind sarah about her APPOINTMENT ", extra: NoWait));

        Assert.Equal(first.GetProperty("notification_id").GetString(), again.GetProperty("notification_id").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Contains("Not sent again", Support.Agent.Message(again), StringComparison.Ordinal);
        Assert.Single(host.Emulator.Requests);
    }

    [Fact]
    public async Task After_the_duplicate_intent_window_the_same_intent_is_sent_again()
    {
        await using var host = await AgentHost.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.FromMinutes(10), clock);

        await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_1", extra: NoWait));
        clock.Advance(TimeSpan.FromMinutes(9));
        var (_, within) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_2", extra: NoWait));
        clock.Advance(TimeSpan.FromMinutes(1));
        var (_, after) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_3", extra: NoWait));

        Assert.Contains("9 minutes ago", Support.Agent.Message(within), StringComparison.Ordinal);
        Assert.False(after.TryGetProperty("duplicate", out _));
        Assert.Equal(2, host.Emulator.Notifications.Count);
    }

    [Fact]
    public async Task A_zero_duplicate_intent_window_sends_every_time()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.Zero);

        await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_1", extra: NoWait));
        await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_2", extra: NoWait));

        Assert.Equal(2, host.Emulator.Notifications.Count);
    }

    [Fact]
    public async Task A_recipient_off_the_allow_list_is_refused_and_nothing_is_sent()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.AllowedRecipients = id => id.EndsWith("@example.com", StringComparison.OrdinalIgnoreCase));

        var (_, result) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_1", "mallory@attacker.test"));

        Assert.Equal("not_allowed", Support.Agent.Status(result));
        Assert.Contains("Do not retry", Support.Agent.Message(result), StringComparison.Ordinal);
        Assert.Empty(host.Emulator.Requests);
    }

    [Fact]
    public async Task A_dry_run_answers_the_request_it_would_send_and_sends_nothing()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DryRun = true);

        var (_, result) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_1", extra: new() { ["urgency"] = "critical", ["timeout_seconds"] = 500 }));

        Assert.Equal("dry_run", Support.Agent.Status(result));
        var request = result.GetProperty("request");
        Assert.Equal("Remind Sarah about her appointment", request.GetProperty("intent").GetString());
        Assert.Equal("sarah@example.com", request.GetProperty("user_id").GetString());
        Assert.Equal("critical", request.GetProperty("urgency").GetString());
        Assert.Equal(120, request.GetProperty("timeout_seconds").GetDouble()); // capped at MaxWait
        Assert.Contains("nothing was sent", Support.Agent.Message(result), StringComparison.Ordinal);
        Assert.Empty(host.Emulator.Requests);
    }

    [Fact]
    public async Task A_retried_tool_call_with_the_same_id_creates_one_notification()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.Zero); // only the idempotency key stands in the way

        var (_, first) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_Ab3", extra: NoWait));
        var (_, retried) = await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_Ab3", extra: NoWait));

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

        await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_0", extra: NoWait));
        await Support.Agent.TurnAsync(tools, Support.Agent.NotifyCall("call_0", "tom@example.com", extra: NoWait));

        Assert.Equal(2, host.Emulator.Notifications.Count);
        Assert.Equal(2, host.Emulator.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
    }
}
