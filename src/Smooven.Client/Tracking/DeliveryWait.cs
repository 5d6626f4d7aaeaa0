namespace Smooven.Client.Tracking;

/// <summary>
/// One caller waiting for a notification's outcome: the completion source of the task it awaits,
/// plus what ends the wait. Kept small on purpose (a pending wait must cost a few hundred bytes at
/// most): no timer and no lock object of its own. Its state changes only under the gate of its
/// <see cref="TrackedNotification"/>.
/// </summary>
internal abstract class DeliveryWait : TaskCompletionSource<DeliveryResult>
{
    private const int StateMask = 0b11;
    private const int GoalShift = 2;
    private const int GoalMask = 0b11 << GoalShift;
    private const int DetachedFlag = 1 << 4;

    // State, goal and flags in one int: every word counts in a pending wait.
    // Written only by the holder of the notification's gate, or before anyone else sees the wait.
    private int _flags;

    // The lock of a TrackedNotification (see EnterGate); beside the int above it costs no memory.
    // Its critical sections are a few instructions long and never call user code: a monitor would
    // add an object or a sync block per wait and look up the current thread on every entry.
    private SpinLock _gate = new(enableThreadOwnerTracking: false);

    // Continuations never run inline, so Publish (the webhook request) never runs agent code.
    protected DeliveryWait()
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
    }

    /// <summary>The notification this wait belongs to; its gate guards the wait.</summary>
    public abstract TrackedNotification Notification { get; }

    /// <summary>The start of a wait whose start no one has read the clock for (see <see cref="DeliveryTracker"/>).</summary>
    public const long NoStart = long.MinValue;

    /// <summary>What the deadline inbox holds for this wait: its deadline, or its timeout (see <see cref="DeadlineSchedule"/>).</summary>
    public long DueAt { get; set; }

    /// <summary>The next wait in the inbox of <see cref="DeadlineSchedule"/>; null when last or out of it.</summary>
    public DeliveryWait? NextInInbox { get; set; }

    /// <summary>This wait's entry in the heap of <see cref="DeadlineSchedule"/>, once a drain has moved it there.</summary>
    public DeadlineEntry? Deadline { get; set; }

    /// <summary>When the wait started (or, for a notification no one waits for yet, when its first callback came).</summary>
    public long StartTimestamp { get; protected set; }

    /// <summary>The cancellation registration, unregistered when the wait ends.</summary>
    public CancellationTokenRegistration Registration { get; set; }

    public WaitState State => (WaitState)(Volatile.Read(ref _flags) & StateMask);

    public bool HasEnded => State == WaitState.Ended;

    public WaitGoal Goal => (WaitGoal)((_flags & GoalMask) >> GoalShift);

    /// <summary>Set on a <see cref="TrackedNotification"/> once it has left the tracker's table.</summary>
    public bool IsDetached => (Volatile.Read(ref _flags) & DetachedFlag) != 0;

    /// <summary>Starts the wait; called before anyone else can see it, or under the notification's gate.</summary>
    protected void Start(WaitGoal goal, long startTimestamp)
    {
        StartTimestamp = startTimestamp;
        Volatile.Write(ref _flags, (int)WaitState.Waiting | ((int)goal << GoalShift) | (_flags & DetachedFlag));
    }

    /// <summary>
    /// Dates a wait whose start was not read: <paramref name="timestamp"/> is no earlier than it
    /// began. Under the notification's gate.
    /// </summary>
    public void StartNoLaterThan(long timestamp)
    {
        if (StartTimestamp == NoStart)
        {
            StartTimestamp = timestamp;
        }
    }

    /// <summary>Takes the gate of this notification: its lock. Not reentrant.</summary>
    protected void EnterGate()
    {
        var taken = false;
        _gate.Enter(ref taken);
    }

    // No extra fence needed: the lock word is volatile, so leaving it publishes the section's writes.
    protected void ExitGate() => _gate.Exit(useMemoryBarrier: false);

    public void MarkEnded() => Volatile.Write(ref _flags, (_flags & ~StateMask) | (int)WaitState.Ended);

    public void MarkDetached() => Volatile.Write(ref _flags, _flags | DetachedFlag);
}

/// <summary>Where a wait is in its life.</summary>
internal enum WaitState
{
    /// <summary>Only for a <see cref="TrackedNotification"/> holding early callbacks that no one waits for yet.</summary>
    NotStarted = 0,
    Waiting = 1,
    Ended = 2,
}
