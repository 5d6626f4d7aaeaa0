namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// Durations as <see cref="TimeProvider"/> timestamps and back, rounded up, so that a deadline is
/// never early and a timer never fires before it.
/// </summary>
internal static class Timestamps
{
    private const long LongestTimerDueMilliseconds = uint.MaxValue - 1;

    /// <summary>The timestamp <paramref name="duration"/> after <paramref name="start"/>, at most <see cref="long.MaxValue"/> - 1.</summary>
    public static long After(long start, TimeSpan duration, long frequency) =>
        (long)Int128.Min(long.MaxValue - 1, start + CeilingDivide((Int128)duration.Ticks * frequency, TimeSpan.TicksPerSecond));

    /// <summary>
    /// The due time that makes a timer reach a deadline <paramref name="timestamps"/> away: whole
    /// milliseconds, rounded up, since the system timer truncates to them; and at most the longest due
    /// time a timer takes (about 49.7 days), after which the timer fires early, finds nothing due and
    /// is set again.
    /// </summary>
    public static TimeSpan ToTimerDue(long timestamps, long frequency) =>
        timestamps <= 0 ? TimeSpan.Zero
        : TimeSpan.FromMilliseconds((long)Int128.Min(LongestTimerDueMilliseconds, CeilingDivide((Int128)timestamps * 1000, frequency)));

    private static Int128 CeilingDivide(Int128 dividend, long divisor) => (dividend + divisor - 1) / divisor;
}
