using Smooven.Client;
using Smooven.Client.Testing;

namespace EscalatingAgent;

/// <summary>How the emulator answers in this demo: each rung of the ladder meets a different fate.</summary>
public static class EscalationDemo
{
    public static EmulatorScenario PickScenario(EmulatedNotification notification) =>
        notification.Urgency == Urgency.Critical ? EmulatorScenario.FallbackThenDelivered
        : notification.Urgency == Urgency.High ? EmulatorScenario.Silence
        : EmulatorScenario.Failed;
}
