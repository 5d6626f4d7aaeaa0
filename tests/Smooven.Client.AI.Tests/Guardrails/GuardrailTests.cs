using System.Net.Mail;
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
    public async Task The_readmes_allow_list_refuses_a_list_of_addresses_that_ends_with_an_allowed_one()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools(o => o.AllowedRecipients = id => // as in README.md
            MailAddress.TryCreate(id, out var address) && address.Address == id && address.Host.Equals("example.com", StringComparison.OrdinalIgnoreCase));

        var (_, list) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", "mallory@attacker.test,sarah@example.com", extra: NoWait));
        var (_, named) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", "mallory@attacker.test <sarah@example.com>", extra: NoWait));
        var (_, sarah) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_3", " Sarah@Example.com ", extra: NoWait));

        Assert.Equal("not_allowed", AgentRun.Status(list));
        Assert.Equal("not_allowed", AgentRun.Status(named));
        Assert.Equal("sent", AgentRun.Status(sarah));
        Assert.Equal(["Sarah@Example.com"], host.Emulator.Notifications.Select(n => n.UserId));
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
    public async Task A_dry_run_answers_what_a_real_call_would_without_claiming_the_intent_or_a_permit()
    {
        await using var host = await AgentHost.StartAsync();
        SmoovenAIToolOptions options = null!;
        using var tools = host.Tools(o => { o.PerRecipientLimit = 2; options = o; });
        var (_, first) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", intent: "Remind Sarah about her appointment", extra: NoWait));

        options.DryRun = true;
        var (_, sameIntent) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", intent: "Remind Sarah about her appointment", extra: NoWait));
        var (_, newIntent) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_3", intent: "Tell Sarah parking is free", extra: NoWait));
        var (_, newIntentAgain) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_4", intent: "Tell Sarah parking is free", extra: NoWait));

        options.DryRun = false;
        var (_, realSend) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_5", intent: "Tell Sarah parking is free", extra: NoWait));

        options.DryRun = true;
        var (_, overTheLimit) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_6", intent: "Tell Sarah to bring her card", extra: NoWait));

        Assert.True(sameIntent.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("notification_id").GetString(), sameIntent.GetProperty("notification_id").GetString());
        Assert.Equal("dry_run", AgentRun.Status(newIntent));
        Assert.Equal("dry_run", AgentRun.Status(newIntentAgain)); // the dry run before did not claim the intent
        Assert.Equal("sent", AgentRun.Status(realSend)); // nor did the two dry runs claim it or use up Sarah's second permit
        Assert.False(realSend.TryGetProperty("duplicate", out _));
        Assert.Equal("rate_limited", AgentRun.Status(overTheLimit));
        Assert.InRange(overTheLimit.GetProperty("retry_after_seconds").GetInt32(), 3500, 3600);
        Assert.Equal(2, host.Emulator.Notifications.Count);
    }
}
