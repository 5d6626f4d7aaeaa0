namespace Smooven.Client.Tracking.Internal;

// When each wait times out: TimeProvider timestamps in a priority queue under a lock of its own, and one
// timer set for the earliest. A wait that ends some other way stays queued and is skipped when it comes
// up, or dropped when the queue is rebuilt. The timer is changed and disposed only outside the lock: a
// fake clock may run the callback, which takes the lock, inline from Change.
internal sealed class DeadlineQueue : IDisposable
{
    private const int LookSlack = 1024;
    private const int ShrinkAbove = 256;
    private const long LongestTimerDueMilliseconds = uint.MaxValue - 1;

    private readonly object _gate = new();
    private readonly PriorityQueue<PendingWait, long> _queue = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue; // the deadline the timer is set for; long.MaxValue when it is not
    private int _addsUntilLook = LookSlack;

    public DeadlineQueue(TimeProvider time)
    {
        _time = time;

        // The timer lives as long as the tracker: it must not hold on to the context of whoever created it.
        using var suppressed = ExecutionContext.IsFlowSuppressed() ? (IDisposable?)null : ExecutionContext.SuppressFlow();
        _timer = time.CreateTimer(static state => ((DeadlineQueue)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    // The timestamp a duration after start, rounded up so that a deadline is never early.
    public static long After(long start, TimeSpan duration, long frequency) =>
        (long)Int128.Min(long.MaxValue - 1, start + CeilingDivide((Int128)duration.Ticks * frequency, TimeSpan.TicksPerSecond));

    // A timer takes whole milliseconds (rounded up, so it never fires early) up to about 49.7 days; one
    // set for the longest fires early, finds nothing due and is set again.
    internal static TimeSpan ToTimerDue(long timestamps, long frequency) =>
        timestamps <= 0 ? TimeSpan.Zero
        : TimeSpan.FromMilliseconds((long)Int128.Min(LongestTimerDueMilliseconds, CeilingDivide((Int128)timestamps * 1000, frequency)));

    public void Add(PendingWait wait, long deadline)
    {
        lock (_gate)
        {
            // Counted once per as many adds as were live at the last count (constant work per add), the
            // queue is rebuilt once ended entries outnumber live ones. Ended waits whose task has not yet
            // completed stay, harmlessly, until they come up.
            if (--_addsUntilLook < 0)
            {
                var live = _queue.UnorderedItems.Count(entry => !entry.Element.Task.IsCompleted);
                if (live < _queue.Count - live)
                {
                    var kept = _queue.UnorderedItems.Where(entry => !entry.Element.Task.IsCompleted).ToList();
                    _queue.Clear();
                    _queue.EnqueueRange(kept);
                }

                _addsUntilLook = live + LookSlack;
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
            _queue.Clear();
            _queue.TrimExcess();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        var now = _time.GetTimestamp();
        var due = new List<PendingWait>();
        long next;
        lock (_gate)
        {
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

            _armedFor = next = _queue.TryPeek(out _, out var earliest) ? earliest : long.MaxValue;
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

        SetTimer(next);
    }

    // Outside the lock. Two threads may change the timer in the opposite order from the one they armed
    // it in: whoever finds an earlier deadline armed once its change is done sets that one.
    private void SetTimer(long deadline)
    {
        while (deadline != long.MaxValue)
        {
            try
            {
                _timer.Change(ToTimerDue(deadline - _time.GetTimestamp(), _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                deadline = _armedFor >= deadline ? long.MaxValue : _armedFor;
            }
        }
    }

    private static Int128 CeilingDivide(Int128 dividend, long divisor) => (dividend + divisor - 1) / divisor;
}
