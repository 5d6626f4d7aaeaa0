namespace Smooven.Client.Tracking;

/// <summary>
/// The clock a tracker dates waits, deadlines and early callbacks by. With a
/// <see cref="TimeProvider"/> of the caller's own (a fake one in tests), it is that provider's
/// timestamps, read as each wait starts, so a deadline falls exactly where the test moves time to.
/// </summary>
/// <remarks>
/// <para>With <see cref="TimeProvider.System"/> it is coarse: the runtime's tick count
/// (<see cref="Environment.TickCount64"/>, in milliseconds), the clock the runtime's own timers
/// run on. A precise timestamp costs tens of nanoseconds on a virtual machine, a sizeable part of
/// a whole wait; so on a coarse clock the tracker does not read the clock as a wait starts at all,
/// but dates its deadline a little later, in bulk (see <see cref="DeadlineSchedule"/>).</para>
/// <para>The tick count moves in steps of the system's timer interrupt, so it may read up to one
/// step behind. Deadlines on it are pushed back by <see cref="CoarseMargin"/>, more than a step on
/// any common system (Windows: 15.6 ms; Linux: 1 to 10 ms), so that a timeout never ends a wait
/// early.</para>
/// </remarks>
internal sealed class TrackerClock
{
    /// <summary>How much later deadlines fall on a coarse clock than the timeout asks for.</summary>
    public static readonly TimeSpan CoarseMargin = TimeSpan.FromMilliseconds(CoarseMarginMilliseconds);

    private const long MillisecondsPerSecond = 1000;
    private const long CoarseMarginMilliseconds = 16;

    // Null for the tick count.
    private readonly TimeProvider? _provider;
    private readonly TimestampScale _scale;

    private TrackerClock(TimeProvider? provider, bool isCoarse)
    {
        _provider = provider;
        IsCoarse = isCoarse;
        Frequency = isCoarse ? MillisecondsPerSecond : provider!.TimestampFrequency;
        _scale = new TimestampScale(Frequency);
    }

    /// <summary>Ticks per second.</summary>
    public long Frequency { get; }

    /// <summary>Whether this clock counts whole milliseconds, possibly a step behind, and deadlines get a margin.</summary>
    public bool IsCoarse { get; }

    public static TrackerClock For(TimeProvider timeProvider) => ReferenceEquals(timeProvider, TimeProvider.System)
        ? new TrackerClock(null, isCoarse: true)
        : new TrackerClock(timeProvider, isCoarse: false);

    /// <summary>A coarse clock that reads <paramref name="timeProvider"/> in whole milliseconds: the tick count's stand-in in tests.</summary>
    public static TrackerClock CoarseOver(TimeProvider timeProvider) => new(timeProvider, isCoarse: true);

    public long Now()
    {
        if (_provider is null)
        {
            return Environment.TickCount64;
        }

        var timestamp = _provider.GetTimestamp();
        return IsCoarse ? (long)((Int128)timestamp * MillisecondsPerSecond / _provider.TimestampFrequency) : timestamp;
    }

    /// <summary>When a wait that started at <paramref name="start"/> with <paramref name="timeout"/> times out; never early.</summary>
    public long DeadlineAfter(long start, TimeSpan timeout) => Later(start, TimeoutTicks(timeout));

    /// <summary>A timeout in this clock's ticks, rounded up, with the margin of a coarse clock.</summary>
    public long TimeoutTicks(TimeSpan timeout) => IsCoarse
        ? ((timeout.Ticks - 1) / TimeSpan.TicksPerMillisecond) + 1 + CoarseMarginMilliseconds
        : _scale.Add(0, timeout);

    /// <summary><paramref name="ticks"/> after <paramref name="timestamp"/>; <see cref="long.MaxValue"/> when that overflows.</summary>
    public static long Later(long timestamp, long ticks) => ticks >= long.MaxValue - timestamp ? long.MaxValue : timestamp + ticks;

    /// <summary>The timestamp <paramref name="span"/> after <paramref name="timestamp"/>, rounded up to a tick.</summary>
    public long After(long timestamp, TimeSpan span) => _scale.Add(timestamp, span);

    /// <summary>The time since <paramref name="start"/>.</summary>
    public TimeSpan Elapsed(long start) => _scale.ToTimeSpan(Now() - start);
}
