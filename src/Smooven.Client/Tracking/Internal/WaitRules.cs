namespace Smooven.Client.Tracking.Internal;

/// <summary>Which callback ends which wait and with which outcome: the rules <see cref="SendAndWaitOptions.Until"/> documents.</summary>
internal static class WaitRules
{
    /// <summary>The outcome an event gives a wait for <paramref name="until"/>; null when the wait goes on.</summary>
    public static DeliveryOutcome? OutcomeFor(CallbackEvent until, CallbackEvent @event) =>
        @event == CallbackEvent.Failed ? DeliveryOutcome.Failed
        : Step(@event) >= Step(until) ? OutcomeOf(Step(until))
        : null;

    /// <summary>The furthest outcome the callbacks reach, whatever their order; the rule <see cref="NotificationStatus.Outcome"/> documents.</summary>
    public static DeliveryOutcome? FurthestOutcome(DeliveryCallback[] callbacks)
    {
        var furthest = 0;
        var failed = false;
        foreach (var callback in callbacks)
        {
            furthest = Math.Max(furthest, Step(callback.Event));
            failed |= callback.Event == CallbackEvent.Failed;
        }

        return furthest > 0 ? OutcomeOf(furthest) : failed ? DeliveryOutcome.Failed : null;
    }

    // How far a notification has gone: each step implies the ones before it (a click implies an open,
    // an open implies delivery). 0 for events that show no progress; a wait asks for 1 to 3.
    private static int Step(CallbackEvent @event) =>
        @event == CallbackEvent.Delivered ? 1
        : @event == CallbackEvent.Opened ? 2
        : @event == CallbackEvent.Clicked ? 3
        : 0;

    private static DeliveryOutcome OutcomeOf(int step) =>
        step == 3 ? DeliveryOutcome.Clicked : step == 2 ? DeliveryOutcome.Opened : DeliveryOutcome.Delivered;
}
