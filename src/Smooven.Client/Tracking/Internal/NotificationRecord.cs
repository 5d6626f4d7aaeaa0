namespace Smooven.Client.Tracking.Internal;

/// <summary>One notification's distinct callbacks in arrival order and its pending waits, guarded by its stripe's lock.</summary>
internal sealed class NotificationRecord(string id)
{
    public string Id { get; } = id;

    // Never changed once built (appending makes a new array), so results share it as it is.
    public DeliveryCallback[] Callbacks { get; private set; } = [];

    /// <summary>The pending waits, chained through <see cref="PendingWait.Next"/>.</summary>
    public PendingWait? FirstWait { get; private set; }

    public bool HasWaits => FirstWait is not null;

    public DateTimeOffset LastUpdated { get; private set; }

    public bool InHistory { get; set; }

    /// <summary>When the record entered its stripe's history, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long InHistorySince { get; set; }

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

        var next = new DeliveryCallback[Callbacks.Length + 1];
        Callbacks.CopyTo(next, 0);
        next[^1] = callback;
        Callbacks = next;
        LastUpdated = now;
        return true;
    }

    /// <summary>The result of a wait that starts now from the first callback already here that settles it; null when none does.</summary>
    public DeliveryResult? SettledFor(WaitGoal goal)
    {
        for (var i = 0; i < Callbacks.Length; i++)
        {
            if (WaitRules.OutcomeFor(goal, WaitRules.Classify(Callbacks[i].Event)) is { } outcome)
            {
                return new DeliveryResult(Id, outcome, i, Callbacks);
            }
        }

        return null;
    }

    public void AddWait(PendingWait wait)
    {
        wait.Record = this;
        wait.Next = FirstWait;
        FirstWait = wait;
    }

    /// <summary>Ends the waits the newest callback settles, and returns them chained through <see cref="PendingWait.Next"/>.</summary>
    public PendingWait? EndWaitsSettledByLatest()
    {
        var kind = WaitRules.Classify(Callbacks[^1].Event);
        if (kind == EventKind.Other)
        {
            return null;
        }

        PendingWait? ended = null;
        var wait = FirstWait;
        FirstWait = null;
        while (wait is not null)
        {
            var next = wait.Next;
            if (WaitRules.OutcomeFor(wait.Goal, kind) is { } outcome)
            {
                wait.HasEnded = true;
                wait.Result = new DeliveryResult(Id, outcome, Callbacks.Length - 1, Callbacks);
                wait.Next = ended;
                ended = wait;
            }
            else
            {
                wait.Next = FirstWait;
                FirstWait = wait;
            }

            wait = next;
        }

        return ended;
    }

    /// <summary>Ends every wait without a result, and returns them chained in front of <paramref name="ended"/>.</summary>
    public PendingWait? EndAllWaits(PendingWait? ended)
    {
        while (FirstWait is { } wait)
        {
            FirstWait = wait.Next;
            wait.HasEnded = true;
            wait.Next = ended;
            ended = wait;
        }

        return ended;
    }

    /// <summary>Ends one wait that no callback settled: timed out with the callbacks so far, or cancelled.</summary>
    public void EndUnsettled(PendingWait wait, bool timedOut)
    {
        if (FirstWait == wait)
        {
            FirstWait = wait.Next;
        }
        else
        {
            var before = FirstWait!;
            while (before.Next != wait)
            {
                before = before.Next!;
            }

            before.Next = wait.Next;
        }

        wait.Next = null;
        wait.HasEnded = true;
        wait.Result = timedOut ? new DeliveryResult(Id, DeliveryOutcome.TimedOut, -1, Callbacks) : null;
    }

    // The rule NotificationStatus.Outcome documents.
    public DeliveryOutcome? FurthestOutcome() =>
        Has(EventKind.Clicked) ? DeliveryOutcome.Clicked
        : Has(EventKind.Opened) ? DeliveryOutcome.Opened
        : Has(EventKind.Delivered) ? DeliveryOutcome.Delivered
        : Has(EventKind.Failed) ? DeliveryOutcome.Failed
        : null;

    private bool Has(EventKind kind) => Array.Exists(Callbacks, callback => WaitRules.Classify(callback.Event) == kind);
}
