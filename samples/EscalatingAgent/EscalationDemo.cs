using Smooven.Client;
using Smooven.Client.Testing;

namespace EscalatingAgent;

/// <summary>How the emulator answers in this demo: each rung of the ladder meets a different fate.</summary>
public static class EscalationDemo
{
    /// <summary>
    /// How many notify answers the emulator loses: the first try's and those of the client's own retries
    /// of it (<see cref="SmoovenClientOptions.MaxRetries"/>), so that the loss reaches the agent.
    /// </summary>
    public static int LostAnswers { get; } = new SmoovenClientOptions().MaxRetries + 1;

    public static EmulatorScenario PickScenario(EmulatedNotification notification) =>
        notification.Urgency == Urgency.Critical ? EmulatorScenario.FallbackThenDelivered
        : notification.Urgency == Urgency.High ? EmulatorScenario.Silence
        : EmulatorScenario.Failed;
}
