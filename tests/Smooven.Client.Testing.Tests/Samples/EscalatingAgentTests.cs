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

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(Channel.Email, result.FinalCallback!.ChannelUsed);
        Assert.Equal([Urgency.Normal, Urgency.High, Urgency.Critical], smooven.Emulator.Notifications.Select(n => n.Urgency));
        Assert.Equal(3, smooven.Emulator.Notifications.Select(n => n.Intent).Distinct().Count()); // each try reworded
        var text = output.ToString();
        Assert.Contains("-> failed via sms", text, StringComparison.Ordinal);
        Assert.Contains("-> no outcome within the timeout", text, StringComparison.Ordinal);
        Assert.Contains("Sarah got the reminder", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_stops_at_the_first_delivery()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions());
        using var output = new StringWriter();
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(10) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.True(result.IsDelivered);
        Assert.Single(smooven.Emulator.Notifications);
    }

    [Fact]
    public async Task When_every_try_fails_it_hands_over_to_a_human()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = _ => EmulatorScenario.FallbackThenFailed });
        using var output = new StringWriter();
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(10) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
        Assert.Equal(3, smooven.Emulator.Notifications.Count);
        Assert.Contains("hand over to a human", output.ToString(), StringComparison.Ordinal);
    }
}
