namespace Smooven.Client.Tracking.Internal;

/// <summary>The event a wait asked for, from <see cref="SendAndWaitOptions.Until"/>.</summary>
internal enum WaitGoal
{
    Delivered = 0,
    Opened = 1,
    Clicked = 2,
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
