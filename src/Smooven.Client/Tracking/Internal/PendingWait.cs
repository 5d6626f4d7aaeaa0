namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// One call to <see cref="DeliveryTracker.WaitAsync"/> that has not ended yet: the task the caller
/// awaits, and what ending it needs. Every field but the readonly ones is guarded by the lock of the
/// stripe that holds the notification.
/// </summary>
internal sealed class PendingWait : TaskCompletionSource<DeliveryResult>
{
    // Continuations never run on the thread that ends the wait: it may be a webhook request or the timer.
    public PendingWait(WaitEnding ending, TrackerStripe stripe, WaitGoal goal, long start)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Ending = ending;
        Stripe = stripe;
        Goal = goal;
        Start = start;
    }

    /// <summary>What ends the wait on a timeout or a cancellation.</summary>
    public WaitEnding Ending { get; }

    /// <summary>The stripe that holds the wait's notification.</summary>
    public TrackerStripe Stripe { get; }

    /// <summary>The notification waited for; set when the wait joins it.</summary>
    public NotificationRecord Record { get; set; } = null!;

    public WaitGoal Goal { get; }

    /// <summary>When the wait began, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Start { get; }

    /// <summary>The next wait on the same notification; once ended, the next wait ended with it.</summary>
    public PendingWait? Next { get; set; }

    public bool HasEnded { get; set; }

    /// <summary>Set once the wait has ended: what its task completes with, null for a cancellation.</summary>
    public DeliveryResult? Result { get; set; }

    /// <summary>The cancellation registration, until the wait ends and its ender takes it to dispose.</summary>
    public CancellationTokenRegistration Registration { get; set; }
}
