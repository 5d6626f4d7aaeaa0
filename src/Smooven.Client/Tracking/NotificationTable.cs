using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Smooven.Client.Tracking;

/// <summary>
/// The notifications a tracker knows, by id. A <see cref="ConcurrentDictionary{TKey, TValue}"/> never
/// gives back the buckets it grew into (not even <c>Clear</c> on an empty one), so after a burst
/// (say 100,000 waits that timed out) the tracker has the table swap in a fresh dictionary once
/// nothing is live, without ever losing an entry being added.
/// </summary>
/// <remarks>
/// The protocol: whoever adds an entry first counts it in a counter of its own (a pending wait, a
/// buffered notification) with an interlocked operation, then calls <see cref="TryAdd"/>, which
/// looks at the reset flag. <see cref="ResetIfIdle"/> raises the flag, then reads those counters.
/// Both sides write then read with full fences, so at least one sees the other: either the reset
/// sees the entry counted and backs off, or the add waits for the reset to finish. An entry still
/// in the old dictionary at a reset has no live wait and no buffered callback; it is about to be
/// detached under its own lock, and its removal from the new dictionary does nothing, as it should.
/// </remarks>
internal sealed class NotificationTable
{
    // Below this many live entries at the peak, the grown buckets are too small to be worth a reset.
    public const int ResetAfterPeak = 1024;

    private volatile ConcurrentDictionary<string, TrackedNotification> _entries = NewDictionary();
    private int _resetting;

    public bool TryGet(string id, [MaybeNullWhen(false)] out TrackedNotification notification) =>
        _entries.TryGetValue(id, out notification);

    /// <summary>Adds an entry the caller has already counted as live (see the remarks).</summary>
    public bool TryAdd(TrackedNotification notification)
    {
        if (Volatile.Read(ref _resetting) != 0)
        {
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _resetting) != 0)
            {
                spinner.SpinOnce();
            }
        }

        return _entries.TryAdd(notification.Id, notification);
    }

    public void Remove(TrackedNotification notification) =>
        _entries.TryRemove(KeyValuePair.Create(notification.Id, notification));

    public IEnumerable<TrackedNotification> Snapshot() => _entries.Select(static pair => pair.Value);

    /// <summary>Swaps in an empty dictionary if <paramref name="isIdle"/>, read after the reset flag is raised, says nothing is live.</summary>
    /// <returns>Whether it did.</returns>
    public bool ResetIfIdle(Func<bool> isIdle)
    {
        if (Interlocked.CompareExchange(ref _resetting, 1, 0) != 0)
        {
            return false;
        }

        var idle = isIdle();
        if (idle)
        {
            _entries = NewDictionary();
        }

        Volatile.Write(ref _resetting, 0);
        return idle;
    }

    private static ConcurrentDictionary<string, TrackedNotification> NewDictionary() => new(StringComparer.Ordinal);
}
