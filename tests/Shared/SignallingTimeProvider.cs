using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Smooven.Client.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer the code under test starts, so a
/// test advances the clock only once the delay or timeout it means to trigger is pending.
/// </summary>
internal sealed class SignallingTimeProvider : FakeTimeProvider
{
    /// <summary>Where the clock starts: the signature vector's signing time.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 3, 5, 8, 0, 15, TimeSpan.Zero);

    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<TimeSpan> _timers = global::System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();

    public SignallingTimeProvider()
        : base(Epoch)
    {
    }

    /// <summary>A clock that starts at <paramref name="start"/>, such as the real time, which Redis's stream ids follow.</summary>
    public SignallingTimeProvider(DateTimeOffset start)
        : base(start)
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
        await _timers.Reader.ReadAsync().AsTask().WaitAsync(SignalTimeout);

    /// <summary>Waits until a timer with this due time has been started, skipping others.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        using var timeout = new CancellationTokenSource(SignalTimeout);
        while (await _timers.Reader.ReadAsync(timeout.Token) != dueTime)
        {
        }
    }

    /// <summary>Waits until <paramref name="count"/> timers with this due time have been started.</summary>
    public async Task WaitForTimersAsync(TimeSpan dueTime, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await WaitForTimerAsync(dueTime);
        }
    }

    /// <summary>Waits for a timer with this due time, then moves the clock past it.</summary>
    public async Task AdvanceWhenPendingAsync(TimeSpan dueTime)
    {
        await WaitForTimerAsync(dueTime);
        Advance(dueTime);
    }
}
