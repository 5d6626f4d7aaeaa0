namespace Smooven.Client.Tracking;

/// <summary>
/// One clock's conversion from <see cref="TimeSpan"/> to timestamp ticks, worked out once, so that
/// adding a timeout on a hot path costs a multiplication rather than two 64-bit divisions.
/// </summary>
internal readonly struct TimestampScale
{
    private readonly long _frequency;

    // Every common clock ticks a whole multiple of TimeSpan ticks (Stopwatch on Linux: 100 per
    // tick; fake and Windows clocks: 1); zero for a clock that does not.
    private readonly long _ticksPerTimeSpanTick;

    public TimestampScale(long frequency)
    {
        _frequency = frequency;
        _ticksPerTimeSpanTick = frequency % TimeSpan.TicksPerSecond == 0 ? frequency / TimeSpan.TicksPerSecond : 0;
    }

    /// <summary>The timestamp <paramref name="span"/> after <paramref name="timestamp"/>; <see cref="long.MaxValue"/> when that overflows.</summary>
    public long Add(long timestamp, TimeSpan span)
    {
        var ticks = _ticksPerTimeSpanTick != 0
            ? (Int128)span.Ticks * _ticksPerTimeSpanTick
            : (Int128)span.Ticks * _frequency / TimeSpan.TicksPerSecond;
        return ticks >= long.MaxValue - timestamp ? long.MaxValue : timestamp + (long)ticks;
    }
}
