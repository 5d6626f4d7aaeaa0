namespace Smooven.Client.Tracking;

/// <summary>
/// Converts between <see cref="TimeSpan"/> and a <see cref="TimeProvider"/>'s timestamp ticks in
/// integers, so a deadline with a fake clock lands exactly where the test advances to.
/// </summary>
internal static class TimestampMath
{
    /// <summary>The longest due time a system timer accepts (about 49.7 days); later deadlines are re-armed.</summary>
    private const long MaxTimerMilliseconds = 0xFFFF_FFFE;

    /// <summary>
    /// The due time for a timer to fire <paramref name="remaining"/> timestamp ticks from now, rounded
    /// up to whole milliseconds (timers count milliseconds, and firing early would only re-arm).
    /// </summary>
    public static TimeSpan DueTime(long remaining, long frequency)
    {
        if (remaining <= 0)
        {
            return TimeSpan.Zero;
        }

        var milliseconds = ((Int128)remaining * 1000 + frequency - 1) / frequency;
        return TimeSpan.FromTicks((long)Int128.Min(milliseconds, MaxTimerMilliseconds) * TimeSpan.TicksPerMillisecond);
    }
}
