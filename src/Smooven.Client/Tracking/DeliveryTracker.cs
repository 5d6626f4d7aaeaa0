using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smooven.Client.Diagnostics;
using Smooven.Client.Tracking;

namespace Smooven.Client;

/// <summary>
/// Pairs notification ids with the tasks waiting for their outcome. Fed by the webhook endpoint
/// or any other receiver through <see cref="Publish"/>; a callback that arrives before anyone
/// waits for it is kept for a while, so none is lost to a race. Thread-safe.
/// </summary>
/// <remarks>
/// <para>A wait ends on the first callback, in arrival order, that settles what it asked for
/// (<see cref="SendAndWaitOptions.Until"/>): <c>failed</c> ends every wait; <c>delivered</c>,
/// <c>opened</c> or <c>clicked</c> end a wait for delivery (the latter two imply delivery and may
/// overtake it); <c>opened</c> or <c>clicked</c> end a wait for <c>opened</c> (a click implies the
/// notification was opened); only <c>clicked</c> ends a wait for <c>clicked</c>. The outcome is the
/// event asked for; <see cref="DeliveryResult.FinalCallback"/> is the callback that reached it.
/// <c>queued</c>, <c>sent</c>, <c>fallback</c> and unknown events never end a wait.</para>
/// <para>Callbacks are told apart by event, channel and timestamp: a retried callback counts once.
/// Several waits on one id each end on their own terms. Once no one waits for an id, the tracker
/// forgets it; a later callback for it is kept as an early one, harmlessly.</para>
/// <para>Timeouts share one timer from the <see cref="TimeProvider"/>. With a provider of your own (such as a
/// fake one in tests) a wait times out exactly when the provider's time passes its deadline. With the
/// system clock, waits are timed by the runtime's tick count, the cheap clock its own timers use, and
/// deadlines are dated in bulk shortly after waits start: a timeout never ends a wait early, and may
/// end it a few tens of milliseconds late.</para>
/// <para><see cref="Dispose"/> cancels every pending wait (its task ends in
/// <see cref="OperationCanceledException"/>, as at host shutdown) and drops early callbacks; after
/// it, <see cref="WaitAsync"/> throws <see cref="ObjectDisposedException"/> and
/// <see cref="Publish"/> ignores callbacks, since no one can wait for them any more.</para>
/// </remarks>
public sealed class DeliveryTracker : IDisposable
{
    private const int SweepBatch = 256;

    private static readonly KeyValuePair<string, object?>[] OutcomeTags =
    [
        new("outcome", "delivered"),
        new("outcome", "failed"),
        new("outcome", "timed_out"),
        new("outcome", "opened"),
        new("outcome", "clicked"),
    ];

    private static readonly KeyValuePair<string, object?> CanceledTag = new("outcome", "canceled");

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SmoovenMetrics _metrics;
    private readonly SweepTimer _timer;
    private readonly object _sweepGate = new();
    private readonly DeliveryWait?[] _sweepBuffer = new DeliveryWait?[SweepBatch];
    private readonly Func<bool> _isIdle;
    private readonly TrackerClock _clock;
    private int _pendingCount;

    // Only a hint for when shrinking the table is worth it: racy writes are fine.
    private int _peakPendingCount;
    private int _disposed;

    /// <summary>Creates a tracker with the default limits.</summary>
    /// <param name="timeProvider">The clock for timeouts; <see cref="TimeProvider.System"/> when null.</param>
    public DeliveryTracker(TimeProvider? timeProvider = null)
        : this(null, timeProvider, null, null)
    {
    }

    /// <summary>Creates a tracker with limits, clock and logging of your choice.</summary>
    /// <param name="options">The early-callback buffer's limits; the defaults when null.</param>
    /// <param name="timeProvider">The clock for timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Where the tracker logs; nowhere when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message says which.</exception>
    public DeliveryTracker(DeliveryTrackerOptions? options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(options, timeProvider, loggerFactory, null)
    {
    }

    // The clock is given only by tests, to run the system clock's coarse mode on fake time.
    internal DeliveryTracker(DeliveryTrackerOptions? options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, SmoovenMetrics? metrics, TrackerClock? clock = null)
    {
        options ??= new DeliveryTrackerOptions();
        options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<DeliveryTracker>() ?? NullLogger.Instance;
        _metrics = metrics ?? SmoovenMetrics.Shared;
        Table = new NotificationTable();
        _clock = clock ?? TrackerClock.For(_timeProvider);
        Deadlines = new DeadlineSchedule(_clock);
        EarlyCallbacks = new EarlyCallbackBuffer(Table, options, _clock, _metrics, _logger);
        _timer = new SweepTimer(_timeProvider, _clock, static state => ((DeliveryTracker)state!).Sweep(), this);
        _isIdle = () => IsIdle;
    }

    /// <summary>The number of waits registered and not yet ended.</summary>
    public int PendingCount => Volatile.Read(ref _pendingCount);

    /// <summary>
    /// What the tracker knows so far about one notification: its callbacks in arrival order and
    /// the furthest outcome reached. Placeholder until the tracker keeps a history.
    /// </summary>
    /// <param name="notificationId">The id from <see cref="NotifyResponse.NotificationId"/>.</param>
    /// <returns>The status; null when nothing is known about the notification.</returns>
    public NotificationStatus? GetStatus(string notificationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(notificationId);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return null;
    }

    internal NotificationTable Table { get; }

    internal DeadlineSchedule Deadlines { get; }

    internal EarlyCallbackBuffer EarlyCallbacks { get; }

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    // No wait pending and no callback buffered: nothing in the table is live (see NotificationTable).
    private bool IsIdle => Volatile.Read(ref _pendingCount) == 0 && EarlyCallbacks.IsEmpty;

    /// <summary>
    /// Waits for the outcome of one notification. Callbacks that came before this call are taken
    /// into account, so it is safe to call after <see cref="SmoovenClient.NotifyAsync"/> returns.
    /// </summary>
    /// <param name="notificationId">The id from <see cref="NotifyResponse.NotificationId"/>.</param>
    /// <param name="options">Timeout and the event that ends the wait.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The outcome; a timeout is <see cref="DeliveryOutcome.TimedOut"/>, not an exception.</returns>
    /// <exception cref="ArgumentException"><paramref name="notificationId"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are not allowed; see <see cref="SendAndWaitOptions.Validate"/>.</exception>
    /// <exception cref="ObjectDisposedException">The tracker has been disposed.</exception>
    public Task<DeliveryResult> WaitAsync(string notificationId, SendAndWaitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(notificationId);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<DeliveryResult>(cancellationToken);
        }

        var goal = WaitRules.GoalOf(options.Until);
        var timeout = options.Timeout;
        var hasDeadline = timeout != Timeout.InfiniteTimeSpan;

        // The clock is read only when something needs the start: a deadline that is not dated on
        // drain (see DeadlineSchedule), or the duration metric.
        var start = _metrics.WaitDuration.Enabled || (hasDeadline && !Deadlines.DatesOnDrain) ? _clock.Now() : DeliveryWait.NoStart;
        var wait = Register(notificationId, goal, start);
        if (!wait.HasEnded)
        {
            if (hasDeadline)
            {
                ScheduleDeadline(wait, start, timeout);
            }

            if (cancellationToken.CanBeCanceled)
            {
                wait.Notification.WatchCancellation(wait, cancellationToken);
            }

            // Disposed while registering: Dispose may not have seen this wait.
            if (IsDisposed)
            {
                wait.Notification.Cancel(wait, CancellationToken.None);
            }
        }

        return wait.Task;
    }

    /// <summary>
    /// Hands a verified callback to whoever waits for its notification, or keeps it for a wait to
    /// come (see <see cref="DeliveryTrackerOptions"/>). Duplicates and callbacks after a wait ended
    /// are harmless. Never runs the waiting code inline.
    /// </summary>
    /// <param name="callback">The callback.</param>
    public void Publish(DeliveryCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (IsDisposed)
        {
            return;
        }

        var kind = WaitRules.Classify(callback.Event);
        while (true)
        {
            if (Table.TryGet(callback.NotificationId, out var known))
            {
                if (known.TryRecord(callback, kind))
                {
                    return;
                }

                continue;
            }

            var arrival = _clock.Now();
            var early = new TrackedNotification(callback.NotificationId, this, callback, arrival);
            EarlyCallbacks.Reserve();
            if (Table.TryAdd(early))
            {
                TrackerLog.EarlyCallbackKept(_logger, callback.Event, callback.NotificationId);
                _timer.EnsureDueBy(EarlyCallbacks.Add(callback.NotificationId, arrival));
                return;
            }

            EarlyCallbacks.Unreserve();
        }
    }

    /// <summary>Cancels every pending wait and stops the timer; see the remarks on <see cref="DeliveryTracker"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer.Dispose();
        foreach (var notification in Table.Snapshot())
        {
            notification.Close();
        }

        EarlyCallbacks.Clear();
        lock (_sweepGate)
        {
            Deadlines.Clear();
        }
    }

    internal void OnWaitStarted()
    {
        var pending = Interlocked.Increment(ref _pendingCount);
        if (pending > _peakPendingCount)
        {
            _peakPendingCount = pending;
        }

        if (_metrics.PendingWaits.Enabled)
        {
            _metrics.PendingWaits.Add(1);
        }
    }

    // Undoes OnWaitStarted for a wait that never became visible.
    private void OnWaitAbandoned()
    {
        Interlocked.Decrement(ref _pendingCount);
        if (_metrics.PendingWaits.Enabled)
        {
            _metrics.PendingWaits.Add(-1);
        }
    }

    internal void OnWaitEnded(DeliveryWait wait, DeliveryOutcome? outcome)
    {
        if (Interlocked.Decrement(ref _pendingCount) == 0)
        {
            ShrinkTableIfIdle();
        }

        if (_metrics.PendingWaits.Enabled)
        {
            _metrics.PendingWaits.Add(-1);
        }

        if (_metrics.WaitOutcomes.Enabled)
        {
            _metrics.WaitOutcomes.Add(1, OutcomeTag(outcome));
        }

        if (_metrics.WaitDuration.Enabled && wait.StartTimestamp != DeliveryWait.NoStart)
        {
            _metrics.WaitDuration.Record(_clock.Elapsed(wait.StartTimestamp).TotalSeconds, OutcomeTag(outcome));
        }
    }

    private static KeyValuePair<string, object?> OutcomeTag(DeliveryOutcome? outcome) =>
        outcome is { } ended ? OutcomeTags[(int)ended] : CanceledTag;

    internal void OnWaitTimedOut(DeliveryWait wait, int callbackCount) =>
        TrackerLog.WaitTimedOut(_logger, wait.Notification.Id, _clock.Elapsed(wait.StartTimestamp), callbackCount);

    // After a burst, give back the memory the table grew into (see NotificationTable).
    private void ShrinkTableIfIdle()
    {
        if (_peakPendingCount + EarlyCallbacks.Peak > NotificationTable.ResetAfterPeak && IsIdle && Table.ResetIfIdle(_isIdle))
        {
            _peakPendingCount = 0;
            EarlyCallbacks.ResetPeak();
        }
    }

    private DeliveryWait Register(string notificationId, WaitGoal goal, long start)
    {
        // Usually no one knows the id yet: try adding first, so that case costs one lookup.
        // Counted before it can be seen, so a callback that ends it at once never makes the count negative.
        OnWaitStarted();
        var fresh = new TrackedNotification(notificationId, this, goal, start);
        while (!Table.TryAdd(fresh))
        {
            if (Table.TryGet(notificationId, out var known))
            {
                if (known.TryJoin(goal, start) is { } joined)
                {
                    // TryJoin counted the joined wait; the fresh one was never seen.
                    OnWaitAbandoned();
                    return joined;
                }
            }
        }

        return fresh;
    }

    // Into the inbox with its deadline, or with its timeout on a coarse clock (see DeadlineSchedule).
    // An inbox that has just become non-empty needs the timer to drain it within DrainWithin.
    private void ScheduleDeadline(DeliveryWait wait, long start, TimeSpan timeout)
    {
        var dated = !Deadlines.DatesOnDrain;
        var deadline = dated ? _clock.DeadlineAfter(start, timeout) : long.MaxValue;
        switch (Deadlines.Add(wait, dated ? deadline : _clock.TimeoutTicks(timeout)))
        {
            case InboxChange.DrainDue:
                DrainDeadlines();
                break;
            case InboxChange.Started:
                _timer.EnsureDueBy(_clock.After(dated ? start : _clock.Now(), DeadlineSchedule.DrainWithin));
                break;
        }

        if (dated)
        {
            _timer.EnsureDueBy(deadline);
        }
    }

    // Every so many deadlines the caller moves them out of the inbox itself, dropping the waits
    // that ended meanwhile: a few microseconds, far cheaper than waking the timer's thread to do it.
    private void DrainDeadlines()
    {
        if (!Monitor.TryEnter(_sweepGate))
        {
            // A sweep is running, and may have drained before these waits came: the timer will.
            _timer.EnsureDueBy(_clock.After(_clock.Now(), DeadlineSchedule.DrainWithin));
            return;
        }

        try
        {
            if (!IsDisposed)
            {
                Deadlines.Drain(PendingCount);
                _timer.EnsureDueBy(Deadlines.EarliestDeadline);
            }
        }
        finally
        {
            Monitor.Exit(_sweepGate);
        }
    }

    // The timer fired: end the waits past their deadline, drop expired early callbacks, re-arm.
    private void Sweep()
    {
        lock (_sweepGate)
        {
            if (IsDisposed)
            {
                return;
            }

            _timer.BeginSweep();
            var now = _clock.Now();
            var next = EarlyCallbacks.EvictExpired(now);
            ShrinkTableIfIdle();
            Deadlines.Drain(PendingCount);
            int taken;
            do
            {
                taken = Deadlines.TakeDue(now, _sweepBuffer);
                for (var i = 0; i < taken; i++)
                {
                    var wait = _sweepBuffer[i]!;
                    _sweepBuffer[i] = null;
                    wait.Notification.Expire(wait);
                }
            }
            while (taken == SweepBatch);

            next = Math.Min(next, Deadlines.EarliestDeadline);

            if (next != long.MaxValue)
            {
                _timer.EnsureDueBy(next);
            }
        }
    }
}
