namespace Smooven.Client.Tracking;

/// <summary>Which callback ends which wait, and how.</summary>
internal static class WaitRules
{
    public static WaitGoal GoalOf(CallbackEvent until) =>
        until == CallbackEvent.Opened ? WaitGoal.Opened
        : until == CallbackEvent.Clicked ? WaitGoal.Clicked
        : WaitGoal.Delivered;

    public static EventKind Classify(CallbackEvent @event) =>
        @event == CallbackEvent.Delivered ? EventKind.Delivered
        : @event == CallbackEvent.Failed ? EventKind.Failed
        : @event == CallbackEvent.Opened ? EventKind.Opened
        : @event == CallbackEvent.Clicked ? EventKind.Clicked
        : EventKind.Other;

    /// <summary>
    /// The outcome a callback of this kind gives a wait for this goal, or null when the wait goes on.
    /// Failed ends every wait. Opened and clicked imply delivery (they can overtake the delivered
    /// callback), and a click implies the notification was opened; the outcome is always the goal
    /// itself, and <see cref="DeliveryResult.FinalCallback"/> says which event reached it.
    /// </summary>
    public static DeliveryOutcome? OutcomeFor(WaitGoal goal, EventKind kind) => kind switch
    {
        EventKind.Failed => DeliveryOutcome.Failed,
        EventKind.Delivered when goal == WaitGoal.Delivered => DeliveryOutcome.Delivered,
        EventKind.Opened when goal == WaitGoal.Delivered => DeliveryOutcome.Delivered,
        EventKind.Opened when goal == WaitGoal.Opened => DeliveryOutcome.Opened,
        EventKind.Clicked => goal switch
        {
            WaitGoal.Delivered => DeliveryOutcome.Delivered,
            WaitGoal.Opened => DeliveryOutcome.Opened,
            _ => DeliveryOutcome.Clicked,
        },
        _ => null,
    };
}
