namespace Smooven.Client.Tracking.Internal;

/// <summary>The event a wait asked for, from <see cref="SendAndWaitOptions.Until"/>.</summary>
internal enum WaitGoal
{
    Delivered,
    Opened,
    Clicked,
}

/// <summary>The events that matter to a wait; every other one (queued, sent, fallback, unknown) never ends it.</summary>
internal enum EventKind
{
    Other,
    Delivered,
    Failed,
    Opened,
    Clicked,
}

/// <summary>Which callback ends which wait, with which outcome (the rules in <see cref="DeliveryTracker"/>'s remarks).</summary>
internal static class WaitRules
{
    private const int KindCount = 5;
    private const sbyte NoOutcome = -1;

    // Delivered, the default, is asked first: it is what nearly every wait asks for.
    public static WaitGoal GoalOf(CallbackEvent until) =>
        until == CallbackEvent.Delivered ? WaitGoal.Delivered
        : until == CallbackEvent.Opened ? WaitGoal.Opened
        : until == CallbackEvent.Clicked ? WaitGoal.Clicked
        : WaitGoal.Delivered;

    public static EventKind Classify(CallbackEvent @event) =>
        @event == CallbackEvent.Delivered ? EventKind.Delivered
        : @event == CallbackEvent.Failed ? EventKind.Failed
        : @event == CallbackEvent.Opened ? EventKind.Opened
        : @event == CallbackEvent.Clicked ? EventKind.Clicked
        : EventKind.Other;

    /// <summary>The outcome a callback of this kind gives a wait for this goal; null when the wait goes on.</summary>
    public static DeliveryOutcome? OutcomeFor(WaitGoal goal, EventKind kind) =>
        Outcomes[((int)goal * KindCount) + (int)kind] is var outcome && outcome != NoOutcome ? (DeliveryOutcome)outcome : null;

    // The rules as a table: it sits on the path of every callback, where a branchy switch would not
    // be inlined. Indexed by goal, then kind (Other, Delivered, Failed, Opened, Clicked).
    private static ReadOnlySpan<sbyte> Outcomes =>
    [
        /* Delivered */ NoOutcome, (sbyte)DeliveryOutcome.Delivered, (sbyte)DeliveryOutcome.Failed, (sbyte)DeliveryOutcome.Delivered, (sbyte)DeliveryOutcome.Delivered,
        /* Opened    */ NoOutcome, NoOutcome, (sbyte)DeliveryOutcome.Failed, (sbyte)DeliveryOutcome.Opened, (sbyte)DeliveryOutcome.Opened,
        /* Clicked   */ NoOutcome, NoOutcome, (sbyte)DeliveryOutcome.Failed, NoOutcome, (sbyte)DeliveryOutcome.Clicked,
    ];
}
