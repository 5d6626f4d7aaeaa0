using Microsoft.Extensions.Logging;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Tracking;

/// <summary>
/// Bounds the notifications whose callbacks came before anyone waited for them. The callbacks
/// themselves stay in their <see cref="TrackedNotification"/>, where a wait finds them; this keeps
/// the order they came in, so the oldest leave first: past the lifetime, or when one more would
/// exceed the capacity.
/// </summary>
internal sealed class EarlyCallbackBuffer
{
    private static readonly KeyValuePair<string, object?> EvictedForCapacity = new("reason", "capacity");
    private static readonly KeyValuePair<string, object?> EvictedForAge = new("reason", "expired");
    private static readonly TimeSpan FullWarningInterval = TimeSpan.FromMinutes(1);

    // Oldest first. Holds ids rather than notifications, so an entry a wait has since claimed
    // (left here until it reaches the front) keeps nothing alive but its id.
    private readonly Queue<(string Id, long Since)> _arrivals = new();
    private readonly NotificationTable _table;
    private readonly SmoovenMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;
    private readonly TrackerClock _clock;

    // Notifications buffered and neither claimed nor evicted: what the capacity bounds. Claims
    // decrement it without the lock.
    private int _count;

    // Notifications announced but not yet counted (see NotificationTable): kept apart from _count
    // so that two publishers racing to buffer the same id never make the buffer look full.
    private int _adding;
    private int _peak;
    private long _nextFullWarning = long.MinValue;
    private long _fullSinceWarning;

    public EarlyCallbackBuffer(NotificationTable table, DeliveryTrackerOptions options, TrackerClock clock, SmoovenMetrics metrics, ILogger logger)
    {
        _table = table;
        _metrics = metrics;
        _logger = logger;
        _capacity = options.EarlyCallbackCapacity;
        _lifetime = options.EarlyCallbackLifetime;
        _clock = clock;
    }

    /// <summary>Whether nothing is buffered or being added.</summary>
    public bool IsEmpty => Volatile.Read(ref _count) <= 0 && Volatile.Read(ref _adding) == 0;

    /// <summary>The most notifications buffered at once since <see cref="ResetPeak"/>.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Announces a notification about to be added to the table; follow with <see cref="Add"/> or <see cref="Unreserve"/>.</summary>
    public void Reserve() => Interlocked.Increment(ref _adding);

    /// <summary>The notification announced was not added after all.</summary>
    public void Unreserve() => Interlocked.Decrement(ref _adding);

    public void ResetPeak() => _peak = 0;

    /// <summary>Records a notification just buffered; evicts the oldest beyond the capacity.</summary>
    /// <returns>When the new one expires.</returns>
    public long Add(string id, long since)
    {
        lock (_arrivals)
        {
            // Counted before the announcement is withdrawn, so the buffer never looks empty meanwhile.
            var count = Interlocked.Increment(ref _count);
            Interlocked.Decrement(ref _adding);
            if (count > _peak)
            {
                _peak = count;
            }

            _arrivals.Enqueue((id, since));
            while (Volatile.Read(ref _count) > _capacity && _arrivals.TryDequeue(out var oldest))
            {
                if (TryEvict(oldest))
                {
                    _metrics.EarlyCallbacksEvicted.Add(1, EvictedForCapacity);
                    ReportFull(oldest.Id, since);
                }
            }

            DropClaimedIfMany();
        }

        return ExpiryOf(since);
    }

    /// <summary>A wait took over a buffered notification.</summary>
    public void Claimed() => Interlocked.Decrement(ref _count);

    /// <summary>Evicts what has outlived the lifetime.</summary>
    /// <returns>When the next one expires, <see cref="long.MaxValue"/> when none is left.</returns>
    public long EvictExpired(long now)
    {
        lock (_arrivals)
        {
            while (_arrivals.TryPeek(out var oldest) && ExpiryOf(oldest.Since) <= now)
            {
                _arrivals.Dequeue();
                if (TryEvict(oldest))
                {
                    _metrics.EarlyCallbacksEvicted.Add(1, EvictedForAge);
                    TrackerLog.EarlyCallbacksExpired(_logger, oldest.Id, _lifetime);
                }
            }

            if (_arrivals.Count == 0)
            {
                _arrivals.TrimExcess();
                return long.MaxValue;
            }

            return ExpiryOf(_arrivals.Peek().Since);
        }
    }

    public void Clear()
    {
        lock (_arrivals)
        {
            _arrivals.Clear();
            _arrivals.TrimExcess();
            Volatile.Write(ref _count, 0);
            Volatile.Write(ref _adding, 0);
        }
    }

    private long ExpiryOf(long since) => _clock.After(since, _lifetime);

    private bool TryEvict((string Id, long Since) arrival)
    {
        if (_table.TryGet(arrival.Id, out var notification) && notification.TryEvict(arrival.Since))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }

    // Claimed ids wait for their turn at the front; once they outnumber the buffered ones,
    // drop them in one pass so the queue stays proportional to what it bounds.
    private void DropClaimedIfMany()
    {
        if (_arrivals.Count <= (2 * Volatile.Read(ref _count)) + 64)
        {
            return;
        }

        for (var i = _arrivals.Count; i > 0; i--)
        {
            var arrival = _arrivals.Dequeue();
            if (_table.TryGet(arrival.Id, out var notification) && notification.IsBufferedSince(arrival.Since))
            {
                _arrivals.Enqueue(arrival);
            }
        }

        _arrivals.TrimExcess();
    }

    // A full buffer under a steady flow would warn on every callback: warn once a minute, count the rest.
    private void ReportFull(string id, long now)
    {
        if (now >= _nextFullWarning)
        {
            TrackerLog.EarlyBufferFull(_logger, id, _fullSinceWarning, _capacity);
            _nextFullWarning = _clock.After(now, FullWarningInterval);
            _fullSinceWarning = 0;
        }
        else
        {
            _fullSinceWarning++;
            TrackerLog.EarlyBufferFullAgain(_logger, id, _capacity);
        }
    }
}
