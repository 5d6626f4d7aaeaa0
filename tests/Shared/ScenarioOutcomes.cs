using Smooven.Client.Testing;
using Xunit;

namespace Smooven.Client.TestSupport;

/// <summary>
/// What a wait for delivery ends with under each emulator scenario, and the statuses its callbacks
/// carry, in the order the emulator sends them: one table for every test that runs the scenarios.
/// </summary>
internal static class ScenarioOutcomes
{
    public static TheoryData<EmulatorScenario, DeliveryOutcome, string[]> ForDelivery => new()
    {
        { EmulatorScenario.Delivered, DeliveryOutcome.Delivered, ["queued", "sent", "delivered"] },
        { EmulatorScenario.Failed, DeliveryOutcome.Failed, ["queued", "sent", "failed"] },
        { EmulatorScenario.FallbackThenDelivered, DeliveryOutcome.Delivered, ["queued", "sent", "fallback", "sent", "delivered"] },
        { EmulatorScenario.FallbackThenFailed, DeliveryOutcome.Failed, ["queued", "sent", "fallback", "sent", "failed"] },
        { EmulatorScenario.DeliveredOpenedClicked, DeliveryOutcome.Delivered, ["queued", "sent", "delivered"] },
    };
}
