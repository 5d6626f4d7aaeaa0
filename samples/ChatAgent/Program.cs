using ChatAgent;
using EscalatingAgent;
using Microsoft.Extensions.AI;
using Smooven.Client.AI;
using Smooven.Client.Testing;

// Against the emulator: sarah@example.com is delivered; tag the user id to see failure and
// escalation, e.g. SMOOVEN_USER_ID=sarah+failed@example.com or sarah+silence@example.com.
var userId = Environment.GetEnvironmentVariable("SMOOVEN_USER_ID") is { Length: > 0 } id ? id : "sarah@example.com";
await using var smooven = await LocalSmooven.StartAsync(new SmoovenEmulatorOptions
{
    EventInterval = TimeSpan.FromMilliseconds(200),
    ScenarioSelector = DemoScenarios.Pick,
});
using var tools = new SmoovenAITools(smooven.Client, smooven.Client.Tracker, new SmoovenAIToolOptions
{
    CallbackUrl = smooven.CallbackUrl,
    MaxWait = TimeSpan.FromSeconds(5), // so the +silence story ends quickly
});

// ── Plug a real model in here ────────────────────────────────────────────────────────────────
// Any IChatClient that supports tool calling works, for example (package Microsoft.Extensions.AI.OpenAI):
//   IChatClient model = new OpenAI.Chat.ChatClient("gpt-4o-mini", apiKey).AsIChatClient();
// The scripted stand-in below needs no model and no network.
IChatClient model = new ScriptedModel(userId);

var status = await ChatDemo.RunAsync(model, tools, Console.Out);
return status is "delivered" or "opened" or "clicked" ? 0 : 1;
