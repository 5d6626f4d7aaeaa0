using Microsoft.Extensions.AI;
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
    public async Task The_same_intent_again_returns_the_earlier_notification_without_sending()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        var (_, first) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        var (_, again) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", intent: "  remind sarah about her APPOINTMENT ", extra: NoWait));

        Assert.Equal(first.GetProperty("notification_id").GetString(), again.GetProperty("notification_id").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Contains("Not sent again", AgentRun.Message(again), StringComparison.Ordinal);
        Assert.Single(host.Emulator.Requests);
    }

    [Fact]
    public async Task The_same_intent_twice_at_once_is_sent_once()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();
        AIFunctionArguments Call() => new(new Dictionary<string, object?> { ["intent"] = "Remind Sarah", ["user_id"] = "sarah@example.com", ["wait_for_outcome"] = false });

        var results = await Task.WhenAll(tools.Functions[0].InvokeAsync(Call()).AsTask(), tools.Functions[0].InvokeAsync(Call()).AsTask());

        Assert.Single(host.Emulator.Requests);
        Assert.Single(results.Select(r => ((System.Text.Json.JsonElement)r!).GetProperty("notification_id").GetString()).Distinct());
    }

    [Fact]
    public async Task A_send_that_failed_does_not_block_the_same_intent_later()
    {
        await using var host = await AgentHost.StartAsync(new Testing.SmoovenEmulatorOptions { Faults = { RejectFirstNotifyRequests = 1, RejectStatusCode = System.Net.HttpStatusCode.UnprocessableEntity } });
        using var tools = host.Tools();
        var (_, refused) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));

        var (_, again) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: NoWait));

        Assert.Equal("error", AgentRun.Status(refused));
        Assert.Equal("sent", AgentRun.Status(again));
        Assert.Single(host.Emulator.Notifications);
    }

    [Fact]
    public async Task After_the_duplicate_intent_window_the_same_intent_is_sent_again()
    {
        await using var host = await AgentHost.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.FromMinutes(10), clock);

        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        clock.Advance(TimeSpan.FromMinutes(9));
        var (_, within) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: NoWait));
        clock.Advance(TimeSpan.FromMinutes(1));
        var (_, after) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_3", extra: NoWait));

        Assert.Contains("9 minutes ago", AgentRun.Message(within), StringComparison.Ordinal);
        Assert.False(after.TryGetProperty("duplicate", out _));
        Assert.Equal(2, host.Emulator.Notifications.Count);
    }

    [Fact]
    public async Task A_zero_duplicate_intent_window_sends_every_time()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.DuplicateIntentWindow = TimeSpan.Zero);

        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: NoWait));

        Assert.Equal(2, host.Emulator.Notifications.Count);
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
}
