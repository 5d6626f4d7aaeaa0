using Smooven.Client;
using Smooven.Client.Testing;

namespace ChatAgent;

/// <summary>
/// How the emulator answers in this demo: as the user id's tag says (sarah+failed@example.com fails),
/// except that a critical message always gets through, by email after the SMS fails, so the agent's
/// escalation has something to reach.
/// </summary>
public static class DemoScenarios
{
    public static EmulatorScenario Pick(EmulatedNotification notification) =>
        notification.Urgency == Urgency.Critical
            ? EmulatorScenario.FallbackThenDelivered
            : SmoovenEmulator.ScenarioFromUserId(notification.UserId) ?? EmulatorScenario.Delivered;
}
