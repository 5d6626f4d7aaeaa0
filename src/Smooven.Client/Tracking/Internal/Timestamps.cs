namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// Converts durations to <see cref="TimeProvider"/> timestamps and back, rounding up, so that a
/// deadline is never early and a timer never fires before it.
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

    /// <summary>The timestamp <paramref name="duration"/> after <paramref name="start"/>, without overflowing.</summary>
    public static long After(long start, TimeSpan duration, long frequency) =>
        start + Math.Min(FromTimeSpan(duration, frequency), long.MaxValue - 1 - start);

    /// <summary>
    /// The due time that makes a timer reach a deadline <paramref name="timestamps"/> away: whole
    /// milliseconds, rounded up, since the system timer truncates to them and firing a fraction early
    /// only re-arms it; and at most the longest due time a timer takes (about 49.7 days), after which
    /// the timer fires early, finds nothing due and is set again.
    /// </summary>
    public static TimeSpan ToTimerDue(long timestamps, long frequency) =>
        timestamps <= 0 ? TimeSpan.Zero
        : TimeSpan.FromMilliseconds((long)Int128.Min(LongestTimerDueMilliseconds, CeilingDivide((Int128)timestamps * 1000, frequency)));

    private static Int128 CeilingDivide(Int128 dividend, long divisor) => (dividend + divisor - 1) / divisor;
}
