namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// When each wait times out: deadlines as <see cref="TimeProvider"/> timestamps in a priority queue
/// under a lock of its own, and one timer set for the earliest. A wait that ends some other way stays
/// queued and is skipped when it comes up. Once ended entries outnumber live ones the queue is rebuilt
/// without them (see <see cref="DropEndedIfMany"/>), so it stays proportional to the live waits.
/// </summary>
/// <remarks>
/// The timer is changed and disposed only outside the lock: a fake clock may run the callback inline
/// from <see cref="ITimer.Change"/>, and the callback takes the lock.
/// </remarks>
internal sealed class DeadlineQueue : IDisposable
{
    private const int LookSlack = 1024;
    private const int ShrinkAbove = 256;

    private readonly object _gate = new();
    private readonly PriorityQueue<PendingWait, long> _queue = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue; // the deadline the timer is set for; long.MaxValue when it is not
    private int _liveAtLastLook;
    private int _addedSinceLook;
    private bool _disposed;

    public DeadlineQueue(TimeProvider time)
    {
        _time = time;

        // The timer lives as long as the tracker: it must not hold on to the context of whoever created it.
        using var suppressed = ExecutionContext.IsFlowSuppressed() ? (IDisposable?)null : ExecutionContext.SuppressFlow();
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

    public void Add(PendingWait wait, long deadline)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (++_addedSinceLook > _liveAtLastLook + LookSlack)
            {
                DropEndedIfMany();
            }

            _queue.Enqueue(wait, deadline);
            if (deadline >= _armedFor)
            {
                return;
            }

            _armedFor = deadline;
        }

        SetTimer(deadline);
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
                    due.Add(wait); // most ended waits are skipped here, without their stripe's lock
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
                wait.Stripe.EndUnsettled(wait, timedOut: true, CancellationToken.None);
            }
#pragma warning disable CA1031 // A timer callback must not throw (it would end the process), and the other waits must still end.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        long next;
        lock (_gate)
        {
            if (_disposed || !_queue.TryPeek(out _, out next) || next >= _armedFor)
            {
                return;
            }

            _armedFor = next;
        }

        SetTimer(next);
    }

    // Outside the lock. Two threads may change the timer in the opposite order from the one they
    // armed it in: whoever finds an earlier deadline armed once its change is done sets that one.
    private void SetTimer(long deadline)
    {
        while (true)
        {
            try
            {
                _timer.Change(Timestamps.ToTimerDue(deadline - _time.GetTimestamp(), _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                if (_disposed || _armedFor >= deadline)
                {
                    return;
                }

                deadline = _armedFor;
            }
        }
    }

    // Every so many adds (as many as were live at the last look, plus some slack: constant work per
    // add) the queue is counted, and rebuilt once its ended entries outnumber the live ones. Ended
    // waits may not have completed their task yet: those stay, harmlessly, until they come up.
    private void DropEndedIfMany()
    {
        var live = _queue.UnorderedItems.Count(entry => !entry.Element.Task.IsCompleted);
        _liveAtLastLook = live;
        _addedSinceLook = 0;
        if (_queue.Count - live > live)
        {
            var kept = _queue.UnorderedItems.Where(entry => !entry.Element.Task.IsCompleted).ToList();
            _queue.Clear();
            _queue.EnqueueRange(kept);
        }
    }
}
