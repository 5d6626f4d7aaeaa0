namespace Smooven.Client.Tracking;

/// <summary>
/// One clock's conversion from <see cref="TimeSpan"/> to timestamp ticks, worked out once, so that
/// adding a timeout on a hot path costs a multiplication or a division by a constant rather than
/// 128-bit arithmetic. Spans are rounded up to whole ticks: a deadline is never early.
/// </summary>
internal readonly struct TimestampScale
{
    private readonly long _frequency;

    // Every common clock ticks a whole multiple of TimeSpan ticks (Stopwatch on Linux: 100 per
    // tick; fake and Windows clocks: 1); zero for a clock that does not.
    private readonly long _ticksPerTimeSpanTick;

    // Or a whole fraction of them (a millisecond tick count: 10,000 TimeSpan ticks per tick); zero otherwise.
    private readonly long _timeSpanTicksPerTick;

    public TimestampScale(long frequency)
    {
        _frequency = frequency;
        _ticksPerTimeSpanTick = frequency % TimeSpan.TicksPerSecond == 0 ? frequency / TimeSpan.TicksPerSecond : 0;
        _timeSpanTicksPerTick = TimeSpan.TicksPerSecond % frequency == 0 ? TimeSpan.TicksPerSecond / frequency : 0;
    }

    /// <summary>The timestamp <paramref name="span"/> after <paramref name="timestamp"/>; <see cref="long.MaxValue"/> when that overflows.</summary>
    public long Add(long timestamp, TimeSpan span)
    {
        Int128 ticks;
        if (_ticksPerTimeSpanTick != 0)
        {
            ticks = (Int128)span.Ticks * _ticksPerTimeSpanTick;
        }
        else if (_timeSpanTicksPerTick != 0)
        {
            ticks = (span.Ticks / _timeSpanTicksPerTick) + (span.Ticks % _timeSpanTicksPerTick > 0 ? 1 : 0);
        }
        else
        {
            ticks = (((Int128)span.Ticks * _frequency) + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        }

        return ticks >= long.MaxValue - timestamp ? long.MaxValue : timestamp + (long)ticks;
    }

    /// <summary>The span of <paramref name="ticks"/> timestamp ticks.</summary>
    public TimeSpan ToTimeSpan(long ticks)
    {
        if (_ticksPerTimeSpanTick != 0)
        {
            return TimeSpan.FromTicks(ticks / _ticksPerTimeSpanTick);
        }

        return _timeSpanTicksPerTick != 0
            ? TimeSpan.FromTicks(ticks * _timeSpanTicksPerTick)
            : TimeSpan.FromTicks((long)((Int128)ticks * TimeSpan.TicksPerSecond / _frequency));
    }
}
