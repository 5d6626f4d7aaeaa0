using Microsoft.Extensions.Time.Testing;

namespace Smooven.Client.Tests.Tracking;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose timers can hold one <see cref="ITimer.Change"/> to a given
/// due time until the test lets it go, so a test decides in which order two threads' changes land.
/// </summary>
internal sealed class PausableTimeProvider(FakeTimeProvider fake) : TimeProvider, IDisposable
{
    private readonly ManualResetEventSlim _resume = new(false);
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan? _pauseAt;

    public override long TimestampFrequency => fake.TimestampFrequency;

    /// <summary>Completes once a change to the due time given to <see cref="PauseNextChangeTo"/> is being held.</summary>
    public Task Paused => _paused.Task;

    public override long GetTimestamp() => fake.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public void Advance(TimeSpan delta) => fake.Advance(delta);

    /// <summary>The next change to <paramref name="dueTime"/> blocks its thread until <see cref="Resume"/>.</summary>
    public void PauseNextChangeTo(TimeSpan dueTime)
    {
        lock (_resume)
        {
            _pauseAt = dueTime;
        }
    }

    public void Resume() => _resume.Set();

    public void Dispose() => _resume.Dispose();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new PausableTimer(this, fake.CreateTimer(callback, state, dueTime, period));

    private void BeforeChange(TimeSpan dueTime)
    {
        lock (_resume)
        {
            if (_pauseAt != dueTime)
            {
                return;
            }

            _pauseAt = null;
        }

        _paused.TrySetResult();
        if (!_resume.Wait(TrackerKit.Patience))
        {
            throw new TimeoutException("the test never resumed the held timer change");
        }
    }

    private sealed class PausableTimer(PausableTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.BeforeChange(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
