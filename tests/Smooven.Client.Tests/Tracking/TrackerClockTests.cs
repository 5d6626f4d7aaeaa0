using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Tracking;

namespace Smooven.Client.Tests.Tracking;

public class TrackerClockTests
{
    [Fact]
    public void The_system_clock_is_timed_coarsely_and_any_other_provider_exactly()
    {
        Assert.True(TrackerClock.For(TimeProvider.System).IsCoarse);
        Assert.Equal(1000, TrackerClock.For(TimeProvider.System).Frequency);
        Assert.False(TrackerClock.For(new FakeTimeProvider()).IsCoarse);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(TimeSpan.TicksPerMillisecond, 1)]
    [InlineData(TimeSpan.TicksPerMillisecond + 1, 2)]
    [InlineData(30 * TimeSpan.TicksPerSecond, 30_000)]
    public void A_coarse_timeout_is_rounded_up_to_whole_milliseconds_plus_the_margin(long timeoutTicks, long milliseconds)
    {
        var clock = TrackerClock.CoarseOver(new FakeTimeProvider());

        Assert.Equal(milliseconds + (long)TrackerClock.CoarseMargin.TotalMilliseconds, clock.TimeoutTicks(TimeSpan.FromTicks(timeoutTicks)));
    }

    [Fact]
    public void An_exact_deadline_is_the_start_plus_the_timeout_in_the_providers_ticks()
    {
        var time = new FakeTimeProvider();
        var clock = TrackerClock.For(time);
        var start = time.GetTimestamp();

        Assert.Equal(start + (30 * time.TimestampFrequency), clock.DeadlineAfter(start, TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(30), TimeSpan.FromTicks((clock.DeadlineAfter(start, TimeSpan.FromSeconds(30)) - start) * TimeSpan.TicksPerSecond / time.TimestampFrequency));
    }

    [Fact]
    public void A_coarse_clock_over_a_provider_counts_its_whole_milliseconds()
    {
        var time = new FakeTimeProvider();
        var clock = TrackerClock.CoarseOver(time);
        var before = clock.Now();

        time.Advance(TimeSpan.FromTicks((5 * TimeSpan.TicksPerMillisecond) + 9_999));

        Assert.Equal(5, clock.Now() - before);
        Assert.Equal(TimeSpan.FromMilliseconds(5), clock.Elapsed(before));
    }

    [Fact]
    public void Deadlines_past_the_end_of_time_saturate_instead_of_wrapping()
    {
        Assert.Equal(long.MaxValue, TrackerClock.Later(long.MaxValue - 5, 10));
        Assert.Equal(long.MaxValue, TrackerClock.For(new FakeTimeProvider()).DeadlineAfter(long.MaxValue - 100, TimeSpan.FromSeconds(1)));
        Assert.Equal(long.MaxValue, TrackerClock.For(TimeProvider.System).DeadlineAfter(long.MaxValue - 100, TimeSpan.FromSeconds(1)));
        Assert.Equal(110, TrackerClock.Later(100, 10));
    }

    [Theory]
    [InlineData(1000, 1, 1)]
    [InlineData(1000, TimeSpan.TicksPerMillisecond, 1)]
    [InlineData(1000, TimeSpan.TicksPerMillisecond + 1, 2)]
    [InlineData(3, TimeSpan.TicksPerSecond, 3)]
    [InlineData(3, 1, 1)]
    [InlineData(1_000_000_000, 1, 100)]
    public void A_span_converts_to_whole_ticks_of_any_clock_rounded_up(long frequency, long spanTicks, long expected)
    {
        Assert.Equal(expected, new TimestampScale(frequency).Add(0, TimeSpan.FromTicks(spanTicks)));
    }

    [Theory]
    [InlineData(1000, 5, 5 * TimeSpan.TicksPerMillisecond)]
    [InlineData(1_000_000_000, 500, 5)]
    [InlineData(3, 3, TimeSpan.TicksPerSecond)]
    public void Ticks_of_any_clock_convert_back_to_a_span(long frequency, long ticks, long expectedSpanTicks)
    {
        Assert.Equal(TimeSpan.FromTicks(expectedSpanTicks), new TimestampScale(frequency).ToTimeSpan(ticks));
    }
}
