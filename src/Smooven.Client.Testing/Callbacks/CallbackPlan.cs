using System.Security.Cryptography;
using Smooven.Client.Testing.Scenarios;
using Smooven.Client.Testing.Wire;

namespace Smooven.Client.Testing.Callbacks;

/// <summary>Turns a notification and its scenario into the callbacks to send, in sending order.</summary>
internal static class CallbackPlan
{
    public static IReadOnlyList<PlannedCallback> For(
        EmulatedNotification notification, EmulatorScenario scenario, TimeSpan eventInterval, bool shuffle)
    {
        if (notification.CallbackUrl is not { } url)
        {
            return [];
        }

        var steps = ScenarioScript.StepsOf(scenario);
        var plan = new PlannedCallback[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var body = WireJson.Callback(
                step.Event,
                notification.NotificationId,
                step.Channel,
                step.Status,
                notification.AcceptedAt + (eventInterval * i),
                notification.UserId,
                ChannelAddresses.For(step.Channel, notification.UserId),
                notification.Intent,
                notification.Urgency);
            plan[i] = new PlannedCallback(notification.NotificationId, step.Event, step.Channel, url, body);
        }

        if (shuffle)
        {
            ShuffleOutOfOrder(plan);
        }

        return plan;
    }

    // A shuffle may leave the order as it was; a fault that promises disorder must deliver it.
    private static void ShuffleOutOfOrder(PlannedCallback[] plan)
    {
        if (plan.Length < 2)
        {
            return;
        }

        var natural = (PlannedCallback[])plan.Clone();
        RandomNumberGenerator.Shuffle(plan.AsSpan());
        if (plan.AsSpan().SequenceEqual(natural))
        {
            Array.Reverse(plan);
        }
    }
}
