namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// One call to <see cref="DeliveryTracker.WaitAsync"/> not yet ended: the task its caller awaits and
/// what ending it needs. The settable members are guarded by the lock of its stripe.
/// </summary>
// Continuations never run on the thread that ends the wait: it may be a webhook request or the timer.
internal sealed class PendingWait(TrackerStripe stripe, string notificationId, CallbackEvent until, long start)
    : TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public TrackerStripe Stripe { get; } = stripe;

    public string NotificationId { get; } = notificationId;

    /// <summary>The event asked for: delivered, opened or clicked.</summary>
    public CallbackEvent Until { get; } = until;

    /// <summary>When the wait began, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Start { get; } = start;

    public bool HasEnded { get; set; }

    /// <summary>What the task completes with once the wait has ended; null for a cancellation.</summary>
    public DeliveryResult? Result { get; set; }

    /// <summary>The cancellation registration, disposed by whoever ends the wait.</summary>
    public CancellationTokenRegistration Registration { get; set; }
}
