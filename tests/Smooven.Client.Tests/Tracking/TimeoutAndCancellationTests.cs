using System.Runtime.CompilerServices;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class TimeoutAndCancellationTests
{
    [Fact]
    public async Task A_timeout_returns_TimedOut_with_the_callbacks_seen_so_far_exactly_at_the_deadline()
    {
        using var tracker = NewTracker(out var time);
        var wait = tracker.WaitAsync("ntf_1", Default);
        var sent = Callback(CallbackEvent.Sent, "ntf_1");
        tracker.Publish(sent);

        time.Advance(SendAndWaitOptions.DefaultTimeout - TimeSpan.FromMilliseconds(1));
        AssertPending(wait);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        Assert.False(result.IsDelivered);
        Assert.Null(result.FinalCallback);
        Assert.Equal([sent], result.Callbacks);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task A_timeout_without_any_callback_has_an_empty_list()
    {
        using var tracker = NewTracker(out var time);
        var wait = tracker.WaitAsync("ntf_1", Default);

        time.Advance(SendAndWaitOptions.DefaultTimeout);

        Assert.Empty((await wait.Soon()).Callbacks);
    }

    [Fact]
    public async Task Waits_with_different_timeouts_each_end_at_their_own_deadline()
    {
        using var tracker = NewTracker(out var time);
        var ten = tracker.WaitAsync("ten", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(10)));
        var twenty = tracker.WaitAsync("twenty", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(20)));
        var five = tracker.WaitAsync("five", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(5)));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(DeliveryOutcome.TimedOut, (await five.Soon()).Outcome);
        AssertPending(ten);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(DeliveryOutcome.TimedOut, (await ten.Soon()).Outcome);
        AssertPending(twenty);
        var late = tracker.WaitAsync("late", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(1)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DeliveryOutcome.TimedOut, (await late.Soon()).Outcome);
        AssertPending(twenty);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(DeliveryOutcome.TimedOut, (await twenty.Soon()).Outcome);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Many_waits_due_at_once_all_time_out()
    {
        using var tracker = NewTracker(out var time);
        var waits = Enumerable.Range(0, 1_000).Select(i => tracker.WaitAsync($"ntf_{i}", Default)).ToArray();

        time.Advance(TimeSpan.FromMinutes(1));
        var results = await Task.WhenAll(waits).Soon();

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.TimedOut, r.Outcome));
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task An_infinite_timeout_waits_until_cancelled()
    {
        using var tracker = NewTracker(out var time);
        using var cancellation = new CancellationTokenSource();
        var wait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Delivered, Timeout.InfiniteTimeSpan), cancellation.Token);

        time.Advance(TimeSpan.FromDays(100));
        AssertPending(wait);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.Soon());
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Cancelling_throws_OperationCanceledException_and_removes_the_wait()
    {
        using var tracker = NewTracker(out _);
        using var cancellation = new CancellationTokenSource();
        var wait = tracker.WaitAsync("ntf_1", Default, cancellation.Token);
        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1"));

        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.Soon());
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task An_already_cancelled_token_ends_the_wait_at_once()
    {
        using var tracker = NewTracker(out _);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tracker.WaitAsync("ntf_1", Default, new CancellationToken(true)));

        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Cancelling_after_the_wait_ended_changes_nothing()
    {
        using var tracker = NewTracker(out _);
        using var cancellation = new CancellationTokenSource();
        var wait = tracker.WaitAsync("ntf_1", Default, cancellation.Token);
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1"));
        await wait.Soon();

        await cancellation.CancelAsync();

        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_wait_that_ended_leaves_nothing_behind_in_its_token_or_the_tracker()
    {
        using var tracker = NewTracker(out var time);
        using var cancellation = new CancellationTokenSource();

        var delivered = await WaitThenForgetAsync(tracker, "delivered", () => tracker.Publish(Callback(CallbackEvent.Delivered, "delivered")), cancellation.Token);

        // The deadline queue lets go of an ended wait when its deadline comes up.
        time.Advance(SendAndWaitOptions.DefaultTimeout);
        CollectGarbage();
        Assert.False(delivered.IsAlive, "a delivered wait is still referenced (by its token registration or its deadline)");

        var timedOut = await WaitThenForgetAsync(tracker, "timed_out", () => time.Advance(SendAndWaitOptions.DefaultTimeout), cancellation.Token);
        CollectGarbage();
        Assert.False(timedOut.IsAlive, "a timed-out wait is still referenced (by its token registration)");
        GC.KeepAlive(cancellation);
    }

    [Fact]
    public async Task Disposing_cancels_pending_waits_then_refuses_new_ones_and_ignores_callbacks()
    {
        var tracker = NewTracker(out var time);
        var pending = tracker.WaitAsync("ntf_1", Default);
        var joined = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Opened));
        tracker.Publish(Callback(CallbackEvent.Queued, "early"));

        tracker.Dispose();
        tracker.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.Soon());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => joined.Soon());
        Assert.Equal(0, tracker.PendingCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => tracker.WaitAsync("ntf_2", Default));
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1"));
        time.Advance(TimeSpan.FromMinutes(10));
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    // Not inlined, so no local of the caller's frame keeps the wait's task alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> WaitThenForgetAsync(DeliveryTracker tracker, string id, Action end, CancellationToken token)
    {
        var wait = tracker.WaitAsync(id, Default, token);
        end();
        await wait.Soon();
        return new WeakReference(wait);
    }
}
