using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Smooven.Client.Redis.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test each time code arms one of its timers, so that
/// the test advances the clock only once the timer it means is set, whatever thread set it.
/// </summary>
public sealed class ArmWatchingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _armed = global::System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();

    /// <summary>The due time of the next timer armed, in the order they were armed.</summary>
    public async Task<TimeSpan> NextArmedAsync() => await _armed.Reader.ReadAsync().AsTask().WaitAsync(Cluster.Patience);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _armed.Writer.TryWrite(dueTime);
        }

        return new WatchedTimer(base.CreateTimer(callback, state, dueTime, period), _armed.Writer);
    }

    private sealed class WatchedTimer(ITimer timer, ChannelWriter<TimeSpan> armed) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = timer.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                armed.TryWrite(dueTime);
            }

            return changed;
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
