namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// The second half of ending a wait, once its stripe has ended it under its lock: completing the
/// task, letting go of the cancellation registration, the pending count, then telemetry. All of it
/// runs outside every lock: disposing a registration waits for its callback if that is running, and
/// the callback takes the stripe's lock; a listener or logger is user code.
/// </summary>
internal sealed class WaitEnding(TrackerTelemetry telemetry)
{
    private int _pending;

    public int PendingCount => Volatile.Read(ref _pending);

    // Counts a wait before it can be seen, so a callback that ends it at once never makes the count negative.
    public void Starting() => Interlocked.Increment(ref _pending);

    /// <summary>A wait counted by <see cref="Starting"/> was settled before it was added, or refused.</summary>
    public void NeverPending(DeliveryResult? settled, long start)
    {
        Interlocked.Decrement(ref _pending);
        if (settled is not null)
        {
            telemetry.WaitStarted();
            telemetry.WaitEnded(settled.Outcome, start);
        }
    }

    /// <summary>Ends the waits a callback settled or a dispose cancelled, chained through <see cref="PendingWait.Next"/>.</summary>
    public void End(PendingWait? ended)
    {
        // Every task completes before anything is reported, so a throwing listener or logger leaves no wait behind.
        for (var wait = ended; wait is not null; wait = wait.Next)
        {
            Complete(wait, CancellationToken.None);
        }

        for (var wait = ended; wait is not null; wait = wait.Next)
        {
            telemetry.WaitEnded(wait.Result?.Outcome, wait.Start);
        }
    }

    public void Cancel(PendingWait wait, CancellationToken token)
    {
        if (wait.Stripe.TryEndUnsettled(wait, timedOut: false))
        {
            Complete(wait, token);
            telemetry.WaitEnded(null, wait.Start);
        }
    }

    public void TimeOut(PendingWait wait)
    {
        if (wait.Stripe.TryEndUnsettled(wait, timedOut: true))
        {
            Complete(wait, CancellationToken.None);
            telemetry.WaitEnded(DeliveryOutcome.TimedOut, wait.Start);
            telemetry.TimedOut(wait.Result!, wait.Start);
        }
    }

    private void Complete(PendingWait wait, CancellationToken canceledBy)
    {
        if (wait.Result is { } result)
        {
            wait.TrySetResult(result);
        }
        else
        {
            wait.TrySetCanceled(canceledBy);
        }

        wait.Registration.Dispose();
        Interlocked.Decrement(ref _pending);
    }
}
