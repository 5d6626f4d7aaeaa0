using EscalatingAgent;
using Smooven.Client.Testing;

// Against the emulator, scripted so that escalation has something to do:
// the normal reminder fails, the high-urgency one goes unanswered, the critical one gets through.
await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions
{
    ScenarioSelector = EscalationDemo.PickScenario,
    EventInterval = TimeSpan.FromMilliseconds(200),
});

var agent = new ReminderEscalation(smooven.Client, smooven.CallbackUrl, Console.Out) { AttemptTimeout = TimeSpan.FromSeconds(3) };
var result = await agent.RunAsync("Sarah", "sarah@example.com", "tomorrow at 9:00");
return result.IsDelivered ? 0 : 1;
