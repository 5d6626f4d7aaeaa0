using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

/// <summary>
/// Several threads wait, publish (duplicates included), cancel, read statuses and move the fake
/// clock at once, with fixed seeds; one may dispose the tracker midway. Every wait must end, and
/// end in a way its own result can justify.
/// </summary>
public class StressTests
{
    private const int Workers = 4;
    private const int OperationsPerWorker = 5_000;
    private const int Ids = 3_000;

    private static readonly CallbackEvent[] Events =
    [
        CallbackEvent.Queued, CallbackEvent.Sent, CallbackEvent.Fallback, CallbackEvent.Delivered,
        CallbackEvent.Failed, CallbackEvent.Opened, CallbackEvent.Clicked, new("notification.future"),
    ];

    private static readonly CallbackEvent[] Goals = [CallbackEvent.Delivered, CallbackEvent.Opened, CallbackEvent.Clicked];

    [Theory]
    [InlineData(20261201, false)]
    [InlineData(20261202, true)]
    public async Task Every_wait_ends_as_its_callbacks_say_and_nothing_stays_pending(int seed, bool disposeMidway)
    {
        var time = new FakeTimeProvider(T0);
        var tracker = new DeliveryTracker(null, time);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            await go.Task;
            return Work(tracker, new Random(seed + w), disposeMidway && w == 0);
        })).ToArray();
        var clock = Task.Run(async () =>
        {
            await go.Task;
            while (!workers.All(w => w.IsCompleted))
            {
                time.Advance(TimeSpan.FromMilliseconds(50));
                await Task.Yield();
            }
        });

        go.SetResult();
        var waits = (await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(50))).SelectMany(w => w).ToArray();
        await clock.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(10));
        tracker.Dispose();
        await Task.WhenAll(waits.Select(w => w.Task)).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(waits.Length > 1_000, $"only {waits.Length} waits started");
        Assert.All(waits, wait => AssertJustified(wait, disposeMidway));
        Assert.Contains(waits, w => w.Task.IsCanceled);
        Assert.Contains(waits, w => w.Task.IsCompletedSuccessfully && w.Task.Result.Outcome != DeliveryOutcome.TimedOut);
        if (!disposeMidway)
        {
            // Every finite wait still pending at the end times out before the dispose.
            Assert.Contains(waits, w => w.Task.IsCompletedSuccessfully && w.Task.Result.Outcome == DeliveryOutcome.TimedOut);
        }
        Assert.Equal(0, tracker.PendingCount);
    }

    private static List<Started> Work(DeliveryTracker tracker, Random random, bool disposes)
    {
        var started = new List<Started>();
        for (var i = 0; i < OperationsPerWorker; i++)
        {
            var id = $"ntf_{random.Next(Ids)}";
            var roll = random.Next(100);
            try
            {
                if (disposes && i == OperationsPerWorker / 2)
                {
                    tracker.Dispose();
                }
                else if (roll < 40)
                {
                    var cancellation = new CancellationTokenSource();
                    var goal = Goals[random.Next(Goals.Length)];
                    var timeout = random.Next(10) == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(random.Next(1, 3_000));
                    started.Add(new Started(tracker.WaitAsync(id, Until(goal, timeout), cancellation.Token), goal, timeout, cancellation));
                }
                else if (roll < 85)
                {
                    // Few distinct timestamps and channels: many publishes are duplicates.
                    var channel = random.Next(2) == 0 ? Channel.Sms : Channel.Email;
                    tracker.Publish(Callback(Events[random.Next(Events.Length)], id, random.Next(3), channel));
                }
                else if (roll < 95 && started.Count != 0)
                {
                    started[random.Next(started.Count)].Cancellation.Cancel();
                }
                else if (tracker.GetStatus(id) is { } status)
                {
                    Assert.Equal(status.Callbacks.Count, status.Callbacks.Distinct().Count());
                }
            }
            catch (ObjectDisposedException)
            {
                // Refused once the tracker is disposed: expected only then.
            }
        }

        return started;
    }

    private static void AssertJustified(Started wait, bool disposedMidway)
    {
        Assert.True(wait.Task.IsCompleted, "a wait never ended");
        if (wait.Task.IsCanceled)
        {
            // Only a cancellation or a dispose: the last one comes after every finite timeout has passed.
            Assert.True(
                wait.Cancellation.IsCancellationRequested || wait.Timeout == Timeout.InfiniteTimeSpan || disposedMidway,
                "a wait was cancelled for no reason");
            return;
        }

        var result = wait.Task.Result;
        var goal = WaitGoalOf(wait.Goal);
        var firstSettling = result.Callbacks.FirstOrDefault(c => SettlesWith(goal, c.Event) is not null);
        Assert.Equal(result.Callbacks.Count, result.Callbacks.Select(c => (c.Event, c.ChannelUsed, c.Timestamp)).Distinct().Count());
        if (result.Outcome == DeliveryOutcome.TimedOut)
        {
            Assert.NotEqual(Timeout.InfiniteTimeSpan, wait.Timeout);
            Assert.Null(firstSettling);
            Assert.Null(result.FinalCallback);
        }
        else
        {
            Assert.Same(firstSettling, result.FinalCallback);
            Assert.Equal(SettlesWith(goal, firstSettling!.Event), result.Outcome);
        }
    }

    private static int WaitGoalOf(CallbackEvent until) => Array.IndexOf(Goals, until);

    // The documented rules, written out independently of the tracker's table.
    private static DeliveryOutcome? SettlesWith(int goal, CallbackEvent @event) =>
        @event == CallbackEvent.Failed ? DeliveryOutcome.Failed
        : @event == CallbackEvent.Clicked ? (DeliveryOutcome)new[] { DeliveryOutcome.Delivered, DeliveryOutcome.Opened, DeliveryOutcome.Clicked }[goal]
        : @event == CallbackEvent.Opened && goal <= 1 ? (goal == 0 ? DeliveryOutcome.Delivered : DeliveryOutcome.Opened)
        : @event == CallbackEvent.Delivered && goal == 0 ? DeliveryOutcome.Delivered
        : null;

    private sealed record Started(Task<DeliveryResult> Task, CallbackEvent Goal, TimeSpan Timeout, CancellationTokenSource Cancellation);
}
