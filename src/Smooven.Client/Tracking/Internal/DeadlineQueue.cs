namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// When each wait times out: deadlines as <see cref="TimeProvider"/> timestamps in a priority queue
/// under a lock of its own, and one timer set for the earliest. A wait that ends some other way stays
/// queued and is skipped when it comes up; once queued entries outnumber pending waits the queue is
/// rebuilt without the ended ones, so it stays proportional to the waits that are live.
/// </summary>
/// <remarks>
/// The timer is changed and disposed only outside the lock: a fake clock may run the callback inline
/// from <see cref="ITimer.Change"/>, and the callback takes the lock.
/// </remarks>
internal sealed class DeadlineQueue : IDisposable
{
    private const int RebuildSlack = 1024;
    private const int ShrinkAbove = 256;

    private readonly object _gate = new();
    private readonly PriorityQueue<PendingWait, long> _queue = new();
    private readonly TimeProvider _time;
    private readonly Action<PendingWait> _timedOut; // called outside the lock; whatever it throws is ignored
    private readonly ITimer _timer;

    // The deadline the timer is set for (long.MaxValue: not set), and a count of the times it was
    // set, so whoever changes the timer can tell whether a later setting raced it.
    private long _armedFor = long.MaxValue;
    private long _armings;
    private bool _disposed;

    public DeadlineQueue(TimeProvider time, Action<PendingWait> timedOut)
    {
        _time = time;
        _timedOut = timedOut;

        // The timer lives as long as the tracker: it must not hold on to the context of whoever created it.
        var flowing = !ExecutionContext.IsFlowSuppressed();
        using var suppressed = flowing ? ExecutionContext.SuppressFlow() : (IDisposable?)null;
        _timer = time.CreateTimer(static state => ((DeadlineQueue)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Entries queued, ended waits included.</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Queues a wait's deadline; <paramref name="pendingWaits"/> bounds the live entries.</summary>
    public void Add(PendingWait wait, long deadline, int pendingWaits)
    {
        long armings;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_queue.Count > (2 * pendingWaits) + RebuildSlack)
            {
                DropEnded();
            }

            _queue.Enqueue(wait, deadline);
            if (!TryArm(deadline, out armings))
            {
                return;
            }
        }

        SetTimer(deadline, armings);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
            _queue.TrimExcess();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        var now = _time.GetTimestamp();
        var due = new List<PendingWait>();
        lock (_gate)
        {
            _armedFor = long.MaxValue;
            while (_queue.TryPeek(out var wait, out var deadline) && deadline <= now)
            {
                _queue.Dequeue();
                if (!wait.Task.IsCompleted)
                {
                    due.Add(wait);
                }
            }

            // After a burst of timeouts, give back the memory the queue grew into.
            if (_queue.Count < ShrinkAbove / 4 && _queue.EnsureCapacity(0) > ShrinkAbove)
            {
                _queue.TrimExcess();
            }
        }

        foreach (var wait in due)
        {
            try
            {
                _timedOut(wait);
            }
#pragma warning disable CA1031 // A timer callback must not throw (it would end the process), and the other waits must still end.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        long next, armings;
        lock (_gate)
        {
            if (_disposed || !_queue.TryPeek(out _, out next) || !TryArm(next, out armings))
            {
                return;
            }
        }

        SetTimer(next, armings);
    }

    // Under the lock: claims the timer for a deadline earlier than the one it is set for.
    private bool TryArm(long deadline, out long armings)
    {
        armings = 0;
        if (deadline >= _armedFor)
        {
            return false;
        }

        _armedFor = deadline;
        armings = ++_armings;
        return true;
    }

    // Outside the lock. Two threads may change the timer in the opposite order from the one they
    // set it in; whoever finds a later setting once its change is done applies that one, so the
    // last change always carries the latest setting.
    private void SetTimer(long deadline, long armings)
    {
        while (true)
        {
            var dueIn = deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : Timestamps.ToTimerDue(deadline - _time.GetTimestamp(), _time.TimestampFrequency);
            try
            {
                _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                if (_armings == armings || _disposed)
                {
                    return;
                }

                deadline = _armedFor;
                armings = _armings;
            }
        }
    }

    // Ended waits may not have completed their task yet: those stay, harmlessly, until they come up.
    private void DropEnded()
    {
        var live = new List<(PendingWait, long)>(_queue.Count / 2);
        foreach (var entry in _queue.UnorderedItems)
        {
            if (!entry.Element.Task.IsCompleted)
            {
                live.Add(entry);
            }
        }

        _queue.Clear();
        _queue.EnqueueRange(live);
    }
}
