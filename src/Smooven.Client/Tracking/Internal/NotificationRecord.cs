namespace Smooven.Client.Tracking.Internal;

// One notification's distinct callbacks in arrival order, its pending waits, and which waits the callbacks
// end: the rules that SendAndWaitOptions.Until and NotificationStatus.Outcome document. Guarded by its
// stripe's lock.
internal sealed class NotificationRecord(string id)
{
    public string Id { get; } = id;

    // Replaced, never changed, when a callback comes: results and statuses share it, wrapped read-only so
    // that none of them can change what the others show.
    public DeliveryCallback[] Callbacks { get; private set; } = [];

    // A notification has a wait or two: arrays copied on change are simpler and smaller than lists.
    public PendingWait[] Waits { get; private set; } = [];

    public DateTimeOffset LastUpdated { get; private set; }

    public long? KeptSince { get; set; } // when the history last took a callback for it; null while not in it

    public bool LeftHistoryExpired { get; set; } // why it last left the history: past the lifetime, or full

    public NotificationStatus ToStatus() => new(Id, Array.AsReadOnly(Callbacks), FurthestOutcome(), LastUpdated);

    // False when the same callback is here already: same event, channel and timestamp (a retried delivery).
    public bool TryAdd(DeliveryCallback callback, DateTimeOffset now)
    {
        foreach (var seen in Callbacks)
        {
            if (seen.Timestamp == callback.Timestamp && seen.Event == callback.Event && seen.ChannelUsed == callback.ChannelUsed)
            {
                return false;
            }
        }

        Callbacks = [.. Callbacks, callback];
        LastUpdated = now;
        return true;
    }

    // Ends a wait that starts now on the first callback here that settles it; else keeps it, and returns true.
    public bool Start(PendingWait wait)
    {
        foreach (var callback in Callbacks)
        {
            if (TryEnd(wait, callback))
            {
                return false;
            }
        }

        Waits = [.. Waits, wait];
        return true;
    }

    public PendingWait[] EndWaitsSettledByNewest()
    {
        var endedCount = 0;
        foreach (var wait in Waits)
        {
            endedCount += TryEnd(wait, Callbacks[^1]) ? 1 : 0;
        }

        if (endedCount == 0)
        {
            return [];
        }

        // Nearly always every wait ends at once: the array is then handed over as it is.
        var ended = endedCount == Waits.Length ? Waits : Array.FindAll(Waits, static wait => wait.HasEnded);
        Waits = endedCount == Waits.Length ? [] : Array.FindAll(Waits, static wait => !wait.HasEnded);
        return ended;
    }

    // Ends a wait that no callback settled: timed out with the callbacks so far, or cancelled.
    public void EndUnsettled(PendingWait wait, bool timedOut)
    {
        Waits = Array.FindAll(Waits, other => other != wait);
        wait.HasEnded = true;
        wait.Result = timedOut ? new DeliveryResult(Id, DeliveryOutcome.TimedOut, null, Array.AsReadOnly(Callbacks)) : null;
    }

    private bool TryEnd(PendingWait wait, DeliveryCallback callback)
    {
        if (OutcomeFor(wait.Until, callback.Event) is not { } outcome)
        {
            return false;
        }

        wait.HasEnded = true;
        wait.Result = new DeliveryResult(Id, outcome, callback, Array.AsReadOnly(Callbacks));
        return true;
    }

    // A failed ends any wait; an event at or past the step a wait asks for ends it with that step.
    private static DeliveryOutcome? OutcomeFor(CallbackEvent until, CallbackEvent @event) =>
        @event == CallbackEvent.Failed ? DeliveryOutcome.Failed : Step(@event) >= Step(until) ? Step(until) : null;

    // The furthest step reached, whatever the order; failed only when no callback shows progress.
    private DeliveryOutcome? FurthestOutcome() =>
        Callbacks.Max(callback => Step(callback.Event))
        ?? (Array.Exists(Callbacks, callback => callback.Event == CallbackEvent.Failed) ? DeliveryOutcome.Failed : null);

    // How far an event shows the notification went, as the outcome of a wait for it: a later step implies
    // the earlier ones (a click implies an open, an open delivery), and DeliveryOutcome orders them so.
    private static DeliveryOutcome? Step(CallbackEvent @event) =>
        @event == CallbackEvent.Delivered ? DeliveryOutcome.Delivered
        : @event == CallbackEvent.Opened ? DeliveryOutcome.Opened
        : @event == CallbackEvent.Clicked ? DeliveryOutcome.Clicked
        : null;
}
