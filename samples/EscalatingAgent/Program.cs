using EscalatingAgent;
using Smooven.Client.Testing;

// Against the emulator, scripted so that escalation has something to do: the normal reminder's
// answer is lost (so the agent must resend it) and it fails, the high-urgency one goes unanswered,
// the critical one gets through.
await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions
{
    ScenarioSelector = EscalationDemo.PickScenario,
    EventInterval = TimeSpan.FromMilliseconds(200),
    Faults = { LoseFirstNotifyAnswers = EscalationDemo.LostAnswers },
});

var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, Console.Out) { AttemptTimeout = TimeSpan.FromSeconds(3) };
var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");

var emulator = smooven.Emulator;
Console.WriteLine(
    $"Smooven received {emulator.Requests.Count} requests and made {emulator.Notifications.Count} notifications: " +
    $"the {emulator.Requests.Count(r => r.IsReplay)} that repeated an Idempotency-Key sent nothing twice.");
return result is { IsDelivered: true } ? 0 : 1;
