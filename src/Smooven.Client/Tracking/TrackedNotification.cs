namespace Smooven.Client.Tracking;

/// <summary>
/// Everything a tracker knows about one notification id: the distinct callbacks seen so far and
/// who waits for them. It doubles as the first wait on the id (the common case is exactly one),
/// so a pending wait costs one object beside its task; later waits on the same id join it. Until
/// a wait arrives it simply holds early callbacks. Its gate (see <see cref="DeliveryWait"/>)
/// guards it and all its waits.
/// </summary>
internal sealed class TrackedNotification : DeliveryWait
{
    private DeliveryCallback[] _callbacks = [];
    private List<JoinedWait>? _joined;

    /// <summary>A notification someone starts waiting for before any callback came.</summary>
    public TrackedNotification(string id, DeliveryTracker tracker, WaitGoal goal, long startTimestamp)
    {
        Id = id;
        Tracker = tracker;
        Start(goal, startTimestamp);
    }

    /// <summary>A notification whose first callback came before anyone waited for it.</summary>
    public TrackedNotification(string id, DeliveryTracker tracker, DeliveryCallback firstCallback, long arrivalTimestamp)
    {
        Id = id;
        Tracker = tracker;
        _callbacks = [firstCallback];
        StartTimestamp = arrivalTimestamp;
    }

    public string Id { get; }

    public DeliveryTracker Tracker { get; }

    public override TrackedNotification Notification => this;

    /// <summary>Records a callback and ends every wait it settles.</summary>
    /// <returns>False when this notification has left the tracker: look it up again.</returns>
    public bool TryRecord(DeliveryCallback callback, EventKind kind)
    {
        EnterGate();
        try
        {
            if (IsDetached)
            {
                return false;
            }

            if (CallbackHistory.Contains(_callbacks, callback))
            {
                return true;
            }

            _callbacks = CallbackHistory.Append(_callbacks, callback);
            if (kind == EventKind.Other)
            {
                return true;
            }

            var index = _callbacks.Length - 1;
            if (State == WaitState.Waiting && WaitRules.OutcomeFor(Goal, kind) is { } outcome)
            {
                EndLocked(this, outcome, index, default);
            }

            if (_joined is { } joined)
            {
                for (var i = joined.Count - 1; i >= 0; i--)
                {
                    if (WaitRules.OutcomeFor(joined[i].Goal, kind) is { } joinedOutcome)
                    {
                        EndLocked(joined[i], joinedOutcome, index, default);
                    }
                }
            }

            DetachIfIdleLocked();
            return true;
        }
        finally
        {
            ExitGate();
        }
    }

    /// <summary>
    /// Adds a wait: takes over the notification if it only held early callbacks, joins it
    /// otherwise, then replays what was already seen, which may end the wait at once.
    /// </summary>
    /// <returns>Null when this notification has left the tracker: look it up again.</returns>
    public DeliveryWait? TryJoin(WaitGoal goal, long startTimestamp)
    {
        EnterGate();
        try
        {
            if (IsDetached)
            {
                return null;
            }

            // Counted as a pending wait before it stops counting as buffered, so the table never looks idle meanwhile.
            Tracker.OnWaitStarted();
            DeliveryWait wait;
            if (State == WaitState.NotStarted)
            {
                Start(goal, startTimestamp);
                Tracker.EarlyCallbacks.Claimed();
                wait = this;
            }
            else
            {
                var joined = new JoinedWait(this, goal, startTimestamp);
                (_joined ??= []).Add(joined);
                wait = joined;
            }

            for (var i = 0; i < _callbacks.Length; i++)
            {
                if (WaitRules.OutcomeFor(goal, WaitRules.Classify(_callbacks[i].Event)) is { } outcome)
                {
                    EndLocked(wait, outcome, i, default);
                    DetachIfIdleLocked();
                    break;
                }
            }

            return wait;
        }
        finally
        {
            ExitGate();
        }
    }

    /// <summary>
    /// Gives a wait leaving the deadline inbox its heap entry, under the gate so that it cannot end
    /// unseen meanwhile: a wait that ends afterwards releases the entry.
    /// </summary>
    /// <param name="wait">The wait.</param>
    /// <param name="deadline">Its deadline.</param>
    /// <param name="datedAt">When the drain dated it, for a wait that entered the inbox with only its timeout.</param>
    /// <returns>The entry; null when the wait has ended.</returns>
    public DeadlineEntry? TryScheduleDeadline(DeliveryWait wait, long deadline, long? datedAt)
    {
        EnterGate();
        try
        {
            if (wait.State != WaitState.Waiting)
            {
                return null;
            }

            if (datedAt is { } dated)
            {
                wait.StartNoLaterThan(dated);
            }

            var entry = new DeadlineEntry(wait, deadline);
            wait.Deadline = entry;
            return entry;
        }
        finally
        {
            ExitGate();
        }
    }

    /// <summary>Ends a wait whose deadline passed, with the callbacks seen so far.</summary>
    public void Expire(DeliveryWait wait)
    {
        if (EndIfWaiting(wait, DeliveryOutcome.TimedOut, default) is { } callbackCount)
        {
            // Logged outside the gate: a log provider may be slow.
            Tracker.OnWaitTimedOut(wait, callbackCount);
        }
    }

    /// <summary>Ends a wait as cancelled.</summary>
    public void Cancel(DeliveryWait wait, CancellationToken cancellationToken) => EndIfWaiting(wait, null, cancellationToken);

    /// <summary>Cancels the wait when the token is cancelled, until the wait ends.</summary>
    public void WatchCancellation(DeliveryWait wait, CancellationToken cancellationToken)
    {
        var registration = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var cancelled = (DeliveryWait)state!;
                cancelled.Notification.Cancel(cancelled, token);
            },
            wait);

        EnterGate();
        try
        {
            if (wait.State == WaitState.Waiting)
            {
                wait.Registration = registration;
                return;
            }
        }
        finally
        {
            ExitGate();
        }

        // Ended meanwhile (possibly by this very registration): leave nothing behind in the token.
        registration.Unregister();
    }

    /// <summary>Whether this still holds only early callbacks, buffered at <paramref name="arrivalTimestamp"/>.</summary>
    public bool IsBufferedSince(long arrivalTimestamp) =>
        State == WaitState.NotStarted && !IsDetached && StartTimestamp == arrivalTimestamp;

    /// <summary>Drops this notification if it still holds only the early callbacks buffered at <paramref name="arrivalTimestamp"/>.</summary>
    public bool TryEvict(long arrivalTimestamp)
    {
        EnterGate();
        try
        {
            if (!IsBufferedSince(arrivalTimestamp))
            {
                return false;
            }

            DetachLocked();
            return true;
        }
        finally
        {
            ExitGate();
        }
    }

    /// <summary>Cancels every wait and leaves the tracker (the tracker is being disposed).</summary>
    public void Close()
    {
        EnterGate();
        try
        {
            if (IsDetached)
            {
                return;
            }

            if (State == WaitState.Waiting)
            {
                EndLocked(this, null, -1, default);
            }

            if (_joined is { } joined)
            {
                for (var i = joined.Count - 1; i >= 0; i--)
                {
                    EndLocked(joined[i], null, -1, default);
                }
            }

            DetachLocked();
        }
        finally
        {
            ExitGate();
        }
    }

    // Returns how many callbacks the ended wait saw; null when it had already ended.
    private int? EndIfWaiting(DeliveryWait wait, DeliveryOutcome? outcome, CancellationToken cancellationToken)
    {
        EnterGate();
        try
        {
            if (wait.State != WaitState.Waiting)
            {
                return null;
            }

            EndLocked(wait, outcome, -1, cancellationToken);
            DetachIfIdleLocked();
            return _callbacks.Length;
        }
        finally
        {
            ExitGate();
        }
    }

    // A null outcome cancels the wait.
    private void EndLocked(DeliveryWait wait, DeliveryOutcome? outcome, int finalIndex, CancellationToken cancellationToken)
    {
        wait.MarkEnded();
        if (wait is JoinedWait joined)
        {
            _joined!.Remove(joined);
        }

        // Let go of the deadline rather than take it out of the schedule: see DeadlineEntry.
        wait.Deadline?.Release();
        // Unregister, not Dispose: Dispose would wait for a running cancellation callback, which
        // may be waiting for this very gate.
        wait.Registration.Unregister();
        Tracker.OnWaitEnded(wait, outcome);

        // Continuations run asynchronously (see DeliveryWait), so completing under the gate runs no user code here.
        if (outcome is { } ended)
        {
            wait.TrySetResult(new DeliveryResult(Id, ended, finalIndex, _callbacks));
        }
        else
        {
            wait.TrySetCanceled(cancellationToken);
        }
    }

    // Once no one waits, the notification leaves: later callbacks for it are treated as early ones.
    private void DetachIfIdleLocked()
    {
        if (State == WaitState.Ended && (_joined is null || _joined.Count == 0))
        {
            DetachLocked();
        }
    }

    private void DetachLocked()
    {
        MarkDetached();
        Tracker.Table.Remove(this);
    }
}
