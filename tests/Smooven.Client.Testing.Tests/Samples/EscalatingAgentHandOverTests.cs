using EscalatingAgent;

namespace Smooven.Client.Testing.Tests.Samples;

/// <summary>
/// Review finding: when the resend's answer is lost too, Smooven has made the notification (its
/// callbacks are going out), but the agent tells the human it takes over that it was "not sent".
/// </summary>
public class EscalatingAgentHandOverTests
{
    [Fact]
    public async Task A_try_that_may_have_been_sent_is_not_reported_to_the_human_as_not_sent()
    {
        await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions { Faults = { LoseFirstNotifyAnswers = 10 * EscalationDemo.LostAnswers } });
        using var output = new StringWriter();
        var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, output) { AttemptTimeout = TimeSpan.FromSeconds(10) };

        var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

        Assert.Null(result);
        var notification = Assert.Single(smooven.Emulator.Notifications); // Smooven did take it
        var text = output.ToString();
        Assert.DoesNotContain("not sent", text, StringComparison.Ordinal); // fails on main: "  -> not sent: Could not reach Smooven ..."
        Assert.Contains(notification.IdempotencyKey!, text, StringComparison.Ordinal); // the key the human needs to check before reaching Sarah again
    }
}
