namespace Smooven.Client.Tracking.Internal;

// One WaitAsync call not yet ended; the settable members are guarded by its stripe's lock. Continuations
// never run on the thread that ends the wait: it may be a webhook request or the timer.
internal sealed class PendingWait(TrackerStripe stripe, string notificationId, CallbackEvent until, long start)
    : TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public TrackerStripe Stripe { get; } = stripe;

    public string NotificationId { get; } = notificationId;

    public CallbackEvent Until { get; } = until;

    public long Start { get; } = start;

    public bool HasEnded { get; set; }

    public DeliveryResult? Result { get; set; } // what the task completes with; null when it is cancelled

    public CancellationTokenRegistration Registration { get; set; } // disposed by whoever ends the wait

    // Outside the lock, once ended: a registration's Dispose waits for its callback, which takes the lock.
    public void Complete(CancellationToken canceledBy)
    {
        _ = Result is { } result ? TrySetResult(result) : TrySetCanceled(canceledBy);
        Registration.Dispose();
    }
}
