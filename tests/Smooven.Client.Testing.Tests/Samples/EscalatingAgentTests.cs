using System.Net;
using EscalatingAgent;

namespace Smooven.Client.Testing.Tests.Samples;

public class EscalatingAgentTests
{
    [Fact]
    public async Task After_a_failure_and_a_timeout_the_critical_try_gets_through()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = EscalationDemo.PickScenario });
        using var output = new StringWriter();
        // Long enough for a loaded test machine to deliver the first outcomes; the silent rung waits it out once.
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(2) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.Equal(DeliveryOutcome.Delivered, result?.Outcome);
        Assert.Equal(Channel.Email, result!.FinalCallback!.ChannelUsed);
        Assert.Equal([Urgency.Normal, Urgency.High, Urgency.Critical], smooven.Emulator.Notifications.Select(n => n.Urgency));
        Assert.Equal(3, smooven.Emulator.Notifications.Select(n => n.Intent).Distinct().Count()); // each try reworded
        var text = output.ToString();
        Assert.Contains(" failed via sms", text, StringComparison.Ordinal);
        Assert.Contains(": no outcome within the timeout", text, StringComparison.Ordinal);
        Assert.Contains("Sarah got the reminder", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_stops_at_the_first_delivery()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions());
        using var output = new StringWriter();
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(10) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.True(result?.IsDelivered);
        Assert.Single(smooven.Emulator.Notifications);
    }

    [Fact]
    public async Task When_every_try_fails_it_hands_over_to_a_human()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = _ => EmulatorScenario.FallbackThenFailed });
        using var output = new StringWriter();
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(10) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.Equal(DeliveryOutcome.Failed, result?.Outcome);
        Assert.Equal(3, smooven.Emulator.Notifications.Count);
        Assert.Contains("hand over to a human", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_try_whose_answer_is_lost_is_sent_again_with_its_key_and_reaches_the_person_once()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions { Faults = { LoseFirstNotifyAnswers = EscalationDemo.LostAnswers } });
        using var output = new StringWriter();
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(10) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.True(result?.IsDelivered);
        var notification = Assert.Single(smooven.Emulator.Notifications);
        Assert.Equal(notification.NotificationId, result!.NotificationId);
        var requests = smooven.Emulator.Requests;
        Assert.Equal(EscalationDemo.LostAnswers + 1, requests.Count); // the client's attempts, then the agent's resend
        Assert.Equal(notification.IdempotencyKey, Assert.Single(requests.Select(r => r.IdempotencyKey).Distinct()));
        Assert.True(requests[^1].IsReplay);
        Assert.Contains("sending the same request again, Idempotency-Key " + notification.IdempotencyKey, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_resend_is_lost_too_it_hands_over_to_a_human_without_sending_again()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions { Faults = { LoseFirstNotifyAnswers = 10 * EscalationDemo.LostAnswers } });
        using var output = new StringWriter();
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(10) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.Null(result);
        Assert.Single(smooven.Emulator.Notifications);
        Assert.Equal(2 * EscalationDemo.LostAnswers, smooven.Emulator.Requests.Count); // one resend, then no escalation
        Assert.Single(smooven.Emulator.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Contains("hand over to a human", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_try_is_reported_and_neither_resent_nor_escalated()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions { Faults = { RejectFirstNotifyRequests = 1, RejectStatusCode = HttpStatusCode.Forbidden } });
        using var output = new StringWriter();
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(10) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.Null(result);
        Assert.Single(smooven.Emulator.Requests);
        Assert.Empty(smooven.Emulator.Notifications);
        Assert.Contains("not sent: Smooven returned 403", output.ToString(), StringComparison.Ordinal);
    }
}
