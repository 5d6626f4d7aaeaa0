namespace Smooven.Client.Tracking;

/// <summary>
/// The one timer of a tracker, armed for the earliest thing due: a wait's deadline or the expiry
/// of early callbacks. Anyone adding something earlier pulls it forward; a sweep that has run
/// arms it for whatever is left. With a fake clock it fires exactly when time passes the deadline.
/// </summary>
internal sealed class SweepTimer : IDisposable
{
    private readonly TrackerClock _clock;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private long _due = long.MaxValue;
    private bool _disposed;

    public SweepTimer(TimeProvider timeProvider, TrackerClock clock, TimerCallback onDue, object state)
    {
        _clock = clock;

        // The timer outlives the caller that happens to create it: capture none of its context.
        var restoreFlow = false;
        try
        {
            if (!ExecutionContext.IsFlowSuppressed())
            {
                ExecutionContext.SuppressFlow();
                restoreFlow = true;
            }

            _timer = timeProvider.CreateTimer(onDue, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    /// <summary>Makes sure the timer fires at <paramref name="timestamp"/> (on the tracker's clock) or earlier.</summary>
    public void EnsureDueBy(long timestamp)
    {
        if (timestamp >= Volatile.Read(ref _due))
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed || timestamp >= _due)
            {
                return;
            }

            _due = timestamp;
            _timer.Change(TimestampMath.DueTime(timestamp - _clock.Now(), _clock.Frequency), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Called as a sweep starts: the timer has fired, so nothing is scheduled. Whatever is added
    /// from now on pulls the timer forward itself; the sweep then re-arms it for what it left.
    /// </summary>
    public void BeginSweep()
    {
        lock (_gate)
        {
            _due = long.MaxValue;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }
}
