using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class ContinuationTests
{
    [ThreadStatic]
    private static bool t_insidePublish;

    [Fact]
    public async Task Publish_never_runs_the_waiting_code_inline()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Default);
        var ranInsidePublish = wait.ContinueWith(
            _ => t_insidePublish,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        var publisher = Task.Run(() =>
        {
            t_insidePublish = true;
            try
            {
                tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1"));
            }
            finally
            {
                t_insidePublish = false;
            }
        });
        await publisher.Soon();

        Assert.False(await ranInsidePublish.Soon(), "the waiter's continuation ran inside Publish, on the webhook's thread");
    }

    [Fact]
    public async Task A_timeout_never_runs_the_waiting_code_inside_the_timer()
    {
        using var tracker = NewTracker(out var time);
        var wait = tracker.WaitAsync("ntf_1", Default);
        var ranInsideAdvance = wait.ContinueWith(
            _ => t_insidePublish,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        t_insidePublish = true;
        try
        {
            time.Advance(SendAndWaitOptions.DefaultTimeout);
        }
        finally
        {
            t_insidePublish = false;
        }

        Assert.False(await ranInsideAdvance.Soon(), "the waiter's continuation ran inside the timer callback");
    }
}
