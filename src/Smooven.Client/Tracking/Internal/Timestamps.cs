namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// Converts between <see cref="TimeSpan"/> and <see cref="TimeProvider"/> timestamps, rounding up,
/// so that a deadline is never early and a timer never fires before it.
/// </summary>
internal static class Timestamps
{
    private const long LongestTimerDueMilliseconds = uint.MaxValue - 1;

    /// <summary>A duration in timestamp units of the given frequency, at most <see cref="long.MaxValue"/>.</summary>
    public static long FromTimeSpan(TimeSpan duration, long frequency)
    {
        // The usual frequencies (TimeSpan ticks, nanoseconds) are whole multiples of TimeSpan's:
        // this runs for every wait, and a 128-bit division is slow.
        if (frequency % TimeSpan.TicksPerSecond == 0)
        {
            var scale = frequency / TimeSpan.TicksPerSecond;
            return duration.Ticks > long.MaxValue / scale ? long.MaxValue : duration.Ticks * scale;
        }

        return (long)Int128.Min(long.MaxValue, CeilingDivide((Int128)duration.Ticks * frequency, TimeSpan.TicksPerSecond));
    }

    /// <summary>A duration in timestamp units as a <see cref="TimeSpan"/>; zero when negative.</summary>
    public static TimeSpan ToTimeSpan(long timestamps, long frequency) =>
        timestamps <= 0 ? TimeSpan.Zero
        : TimeSpan.FromTicks((long)Int128.Min(TimeSpan.MaxValue.Ticks, CeilingDivide((Int128)timestamps * TimeSpan.TicksPerSecond, frequency)));

    /// <summary>
    /// How long to set a timer for to reach a deadline <paramref name="timestamps"/> away: whole
    /// milliseconds, rounded up, since the system timer truncates to them and firing a fraction early
    /// only re-arms it; and at most the longest due time a timer takes (about 49.7 days), after which
    /// the timer fires early, finds nothing due and is set again.
    /// </summary>
    public static TimeSpan ToTimerDue(long timestamps, long frequency)
    {
        var ticks = ToTimeSpan(timestamps, frequency).Ticks;
        var milliseconds = (ticks / TimeSpan.TicksPerMillisecond) + (ticks % TimeSpan.TicksPerMillisecond == 0 ? 0 : 1);
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, LongestTimerDueMilliseconds));
    }

    /// <summary>The timestamp <paramref name="duration"/> after <paramref name="start"/>, without overflowing.</summary>
    public static long After(long start, TimeSpan duration, long frequency) =>
        start + Math.Min(FromTimeSpan(duration, frequency), long.MaxValue - 1 - start);

    private static Int128 CeilingDivide(Int128 dividend, long divisor) => (dividend + divisor - 1) / divisor;
}
