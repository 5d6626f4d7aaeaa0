using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Smooven.Client.Tracking;

/// <summary>
/// The notifications a tracker knows, by id. A <see cref="ConcurrentDictionary{TKey, TValue}"/> never
/// gives back the buckets it grew into, so after a burst (say 100,000 waits that timed out) the
/// table resets itself the moment it is empty again, without ever losing an entry being added.
/// </summary>
internal sealed class NotificationTable
{
    // Below this peak the grown buckets are too small to be worth a reset.
    private const int ResetAfterPeak = 1024;

    private readonly ConcurrentDictionary<string, TrackedNotification> _entries = new(StringComparer.Ordinal);

    // Entries in the dictionary plus entries being added: 0 means truly empty.
    private int _count;
    private int _peak;
    private int _resetting;

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(string id, [MaybeNullWhen(false)] out TrackedNotification notification) =>
        _entries.TryGetValue(id, out notification);

    public bool TryAdd(TrackedNotification notification)
    {
        // Announce the add before looking at the reset flag; a reset announces itself before
        // looking at the count. Both are full fences, so at least one of the two sees the other.
        var count = Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _resetting) != 0)
        {
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _resetting) != 0)
            {
                spinner.SpinOnce();
            }
        }

        if (_entries.TryAdd(notification.Id, notification))
        {
            if (count > _peak)
            {
                _peak = count;
            }

            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Remove(TrackedNotification notification)
    {
        if (_entries.TryRemove(KeyValuePair.Create(notification.Id, notification))
            && Interlocked.Decrement(ref _count) == 0
            && _peak > ResetAfterPeak)
        {
            TryReset();
        }
    }

    public IEnumerable<TrackedNotification> Snapshot() => _entries.Select(static pair => pair.Value);

    private void TryReset()
    {
        if (Interlocked.CompareExchange(ref _resetting, 1, 0) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _count) == 0)
        {
            _entries.Clear();
            _peak = 0;
        }

        Volatile.Write(ref _resetting, 0);
    }
}
