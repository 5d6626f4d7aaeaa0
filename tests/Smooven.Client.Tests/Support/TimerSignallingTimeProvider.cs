using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Smooven.Client.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test each time code under test starts a
/// timer, so the test advances the clock only once a delay is really pending.
/// </summary>
internal sealed class TimerSignallingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = global::System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();

    public TimerSignallingTimeProvider()
        : base(new DateTimeOffset(2026, 3, 5, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits until code under test starts a timer and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
