using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.AI.Tests.Support;

namespace Smooven.Client.AI.Tests.Guardrails;

/// <summary>The same intent to the same user is not sent twice within the window.</summary>
public class DuplicateIntentTests
{
    private static readonly Dictionary<string, object?> NoWait = new() { ["wait_for_outcome"] = false };

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
    public async Task The_same_intent_at_a_higher_urgency_is_an_escalation_and_is_sent()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();
        var (_, failed) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", "sarah+failed@example.com"));
        Assert.Contains("notify again with a higher urgency", AgentRun.Message(failed), StringComparison.Ordinal);

        // The model does what the result says: the same intent again, at critical urgency.
        var (_, escalated) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", "sarah+failed@example.com", extra: new() { ["urgency"] = "critical", ["wait_for_outcome"] = false }));
        var (_, repeated) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_3", "sarah+failed@example.com", extra: new() { ["urgency"] = "high", ["wait_for_outcome"] = false }));

        Assert.False(escalated.TryGetProperty("duplicate", out _));
        Assert.Equal("sent", AgentRun.Status(escalated));
        Assert.Equal([Urgency.Normal, Urgency.Critical], host.Emulator.Notifications.Select(n => n.Urgency));
        Assert.True(repeated.GetProperty("duplicate").GetBoolean()); // not more urgent than the last one: a repeat
        Assert.Equal(escalated.GetProperty("notification_id").GetString(), repeated.GetProperty("notification_id").GetString());
    }

    [Fact]
    public async Task An_escalation_smooven_refused_leaves_the_earlier_notification_remembered()
    {
        await using var host = await AgentHost.StartAsync();
        using var wrongKey = new SmoovenClient(null, new SmoovenClientOptions { SecretKey = "sk_test_not_the_key", BaseAddress = host.Emulator.BaseAddress }, host.Tracker, null, null);
        var client = host.Client;
        using var tools = new SmoovenAITools(() => client, host.Tracker, new SmoovenAIToolOptions { CallbackUrl = host.CallbackUrl }, null);

        var (_, first) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_1", extra: NoWait));
        client = wrongKey;
        var (_, refused) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_2", extra: new() { ["urgency"] = "critical", ["wait_for_outcome"] = false }));
        client = host.Client;
        var (_, repeated) = await AgentRun.TurnAsync(tools, AgentRun.NotifyCall("call_3", extra: NoWait));

        Assert.Equal("error", AgentRun.Status(refused));
        Assert.True(repeated.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("notification_id").GetString(), repeated.GetProperty("notification_id").GetString());
        Assert.Single(host.Emulator.Notifications);
    }

    [Fact]
    public void When_neither_an_intent_nor_its_escalation_got_through_the_next_call_may_send()
    {
        var memory = new AI.Guardrails.DuplicateIntentMemory(TimeSpan.FromMinutes(10), TimeProvider.System);
        var normal = memory.TryClaim("sarah@example.com", "Remind Sarah", urgencyRank: 1, out _)!;
        var critical = memory.TryClaim("sarah@example.com", "Remind Sarah", urgencyRank: 3, out _)!;

        normal.Dispose(); // refused while the escalation was out
        critical.Dispose(); // refused too: the entry it replaced comes back, released

        // A claim, not an earlier call to wait on: that one would answer "did not get through" forever.
        using var next = memory.TryClaim("sarah@example.com", "Remind Sarah", urgencyRank: 1, out var earlier);
        Assert.NotNull(next);
        Assert.Null(earlier);
    }

    [Fact]
    public async Task Different_recipients_are_never_taken_for_one_however_the_text_splits()
    {
        await using var host = await AgentHost.StartAsync();
        using var tools = host.Tools();

        // A sloppy model puts part of the intent on a second line of user_id: another recipient, and another intent.
        await AgentRun.TurnAsync(tools, new("call_1", "notify_user", new Dictionary<string, object?> { ["intent"] = "Tell her\nthe lab results are in", ["user_id"] = "ann@example.com", ["wait_for_outcome"] = false }));
        var (_, second) = await AgentRun.TurnAsync(tools, new("call_2", "notify_user", new Dictionary<string, object?> { ["intent"] = "the lab results are in", ["user_id"] = "ann@example.com\nTell her", ["wait_for_outcome"] = false }));

        Assert.False(second.TryGetProperty("duplicate", out _));
        Assert.Equal(["ann@example.com", "ann@example.com\nTell her"], host.Emulator.Notifications.Select(n => n.UserId));
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
}
