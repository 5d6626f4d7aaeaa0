namespace Smooven.Client.AI.Guardrails;

/// <summary>
/// At most N notifications per recipient in a sliding window, exactly, on the tools' clock: the
/// times of each user id's recent sends (user ids compared ignoring case), under one lock. A send
/// that surely did not happen gives its permit back, so a refused request does not use up a person's
/// quota. Users with nothing left in the window are forgotten in sweeps, so memory follows the users
/// notified within one window.
/// </summary>
internal sealed class RecipientRateLimiter(int permitLimit, TimeSpan window, TimeProvider timeProvider)
{
    private const int MinSweepAbove = 1024;

    // Each list holds timestamps in the order they were taken, so the first is the oldest.
    private readonly Dictionary<string, List<long>> _taken = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _lock = new();
    private int _sweepAbove = MinSweepAbove;

    /// <summary>How many user ids are remembered now.</summary>
    internal int TrackedRecipients
    {
        get
        {
            lock (_lock)
            {
                return _taken.Count;
            }
        }
    }

    /// <summary>
    /// Takes one permit for the user: null with the moment it was taken (for <see cref="GiveBack"/>),
    /// or, when none is left, how long until the oldest one frees up.
    /// </summary>
    public TimeSpan? TryTake(string userId, out long takenAt)
    {
        var now = timeProvider.GetTimestamp();
        takenAt = now;
        lock (_lock)
        {
            if (!_taken.TryGetValue(userId, out var times))
            {
                if (_taken.Count >= _sweepAbove)
                {
                    Sweep(now);
                }

                times = [];
                _taken[userId] = times;
            }

            if (WaitFor(times, now) is { } wait)
            {
                return wait;
            }

            times.Add(now);
            return null;
        }
    }

    /// <summary>What <see cref="TryTake"/> would answer now, without taking a permit: null when one is left.</summary>
    public TimeSpan? Peek(string userId)
    {
        var now = timeProvider.GetTimestamp();
        lock (_lock)
        {
            return _taken.TryGetValue(userId, out var times) ? WaitFor(times, now) : null;
        }
    }

    /// <summary>Returns a permit whose send did not happen.</summary>
    public void GiveBack(string userId, long takenAt)
    {
        lock (_lock)
        {
            if (_taken.TryGetValue(userId, out var times))
            {
                times.Remove(takenAt);
            }
        }
    }

    // Forgets the sends out of the window; then, when none is left, how long until the oldest frees up.
    private TimeSpan? WaitFor(List<long> times, long now)
    {
        times.RemoveAll(time => IsOver(time, now));
        return times.Count >= permitLimit ? window - timeProvider.GetElapsedTime(times[0], now) : null;
    }

    private bool IsOver(long takenAt, long now) => timeProvider.GetElapsedTime(takenAt, now) >= window;

    private void Sweep(long now)
    {
        foreach (var (userId, times) in _taken)
        {
            if (times.TrueForAll(time => IsOver(time, now)))
            {
                _taken.Remove(userId);
            }
        }

        _sweepAbove = Math.Max(MinSweepAbove, 2 * _taken.Count);
    }
}
