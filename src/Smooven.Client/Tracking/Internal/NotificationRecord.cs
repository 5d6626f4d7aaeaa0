namespace Smooven.Client.Tracking.Internal;

/// <summary>One notification's distinct callbacks in arrival order and its pending waits, guarded by its stripe's lock.</summary>
internal sealed class NotificationRecord(string id)
{
    public string Id { get; } = id;

    // Replaced, never changed, when a callback comes: results and statuses share it as it is.
    public DeliveryCallback[] Callbacks { get; private set; } = [];

    // A notification has a wait or two: arrays copied on change are simpler and smaller than lists.
    public PendingWait[] Waits { get; private set; } = [];

    public DateTimeOffset LastUpdated { get; private set; }

    /// <summary>When the history last took a callback for the record, as a timestamp; null while it is not in the history.</summary>
    public long? KeptSince { get; set; }

    /// <summary>Why the record last left the history: past the lifetime, or else beyond the capacity.</summary>
    public bool LeftHistoryExpired { get; set; }

    /// <summary>Appends the callback unless the same one is here: same event, channel and timestamp (a retried delivery).</summary>
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

    /// <summary>The result for a wait that starts now, from the first callback here that settles it; null when none does.</summary>
    public DeliveryResult? SettledFor(CallbackEvent until)
    {
        foreach (var callback in Callbacks)
        {
            if (WaitRules.OutcomeFor(until, callback.Event) is { } outcome)
            {
                return new DeliveryResult(Id, outcome, callback, Callbacks);
            }
        }

        return null;
    }

    public void AddWait(PendingWait wait) => Waits = [.. Waits, wait];

    /// <summary>Ends the waits that the newest callback settles, and returns them.</summary>
    public PendingWait[] EndWaitsSettledByNewest()
    {
        var newest = Callbacks[^1];
        var endedCount = 0;
        foreach (var wait in Waits)
        {
            if (WaitRules.OutcomeFor(wait.Until, newest.Event) is { } outcome)
            {
                wait.HasEnded = true;
                wait.Result = new DeliveryResult(Id, outcome, newest, Callbacks);
                endedCount++;
            }
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

    /// <summary>Ends one wait that no callback settled: timed out with the callbacks so far, or cancelled.</summary>
    public void EndUnsettled(PendingWait wait, bool timedOut)
    {
        Waits = Array.FindAll(Waits, other => other != wait);
        wait.HasEnded = true;
        wait.Result = timedOut ? new DeliveryResult(Id, DeliveryOutcome.TimedOut, null, Callbacks) : null;
    }

    /// <summary>Ends every wait without a result, and returns them.</summary>
    public PendingWait[] EndAllWaits()
    {
        var ended = Waits;
        Waits = [];
        foreach (var wait in ended)
        {
            wait.HasEnded = true;
        }

        return ended;
    }
}
