namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// One call to <see cref="DeliveryTracker.WaitAsync"/> not yet ended: the task the caller awaits, and
/// what ending it needs. The settable members are guarded by the lock of the stripe that holds it.
/// </summary>
// Continuations never run on the thread that ends the wait: it may be a webhook request or the timer.
internal sealed class PendingWait(WaitEnding ending, TrackerStripe stripe, WaitGoal goal, long start)
    : TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public WaitEnding Ending { get; } = ending;

    public TrackerStripe Stripe { get; } = stripe;

    /// <summary>The notification waited for; set when the wait joins it.</summary>
    public NotificationRecord Record { get; set; } = null!;

    public WaitGoal Goal { get; } = goal;

    /// <summary>When the wait began, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Start { get; } = start;

    /// <summary>The next wait on the same notification; once ended, the next wait ended with it.</summary>
    public PendingWait? Next { get; set; }

    public bool HasEnded { get; set; }

    /// <summary>What the task completes with once the wait has ended; null for a cancellation.</summary>
    public DeliveryResult? Result { get; set; }

    /// <summary>The cancellation registration, until the wait ends and its ender takes it to dispose.</summary>
    public CancellationTokenRegistration Registration { get; set; }
}
