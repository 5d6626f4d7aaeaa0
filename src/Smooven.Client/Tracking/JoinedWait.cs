namespace Smooven.Client.Tracking;

/// <summary>A second (or later) wait on a notification that someone already waits for.</summary>
internal sealed class JoinedWait : DeliveryWait
{
    private readonly TrackedNotification _notification;

    public JoinedWait(TrackedNotification notification, WaitGoal goal, long startTimestamp)
    {
        _notification = notification;
        Start(goal, startTimestamp);
    }

    public override TrackedNotification Notification => _notification;
}
