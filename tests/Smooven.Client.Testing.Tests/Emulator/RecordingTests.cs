using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Emulator;

public class RecordingTests
{
    [Fact]
    public async Task A_wait_for_a_condition_completes_with_the_snapshot_that_met_it()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var client = Emulated.ClientFor(emulator);
        var waitForDelivered = emulator.WaitForCallbackAttemptsAsync(a => a.Any(x => x.Event == CallbackEvent.Delivered && x.IsAcknowledged));
        Assert.False(waitForDelivered.IsCompleted);

        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        var snapshot = await waitForDelivered.WaitAsync(Emulated.Patience);

        Assert.Equal(CallbackEvent.Delivered, snapshot[^1].Event);
        Assert.Equal(3, snapshot.Count);
    }

    [Fact]
    public async Task A_wait_already_met_completes_at_once_and_a_cancelled_wait_is_cancelled()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var cancel = new CancellationTokenSource();

        var met = emulator.WaitForCallbackAttemptsAsync(0);
        var pending = emulator.WaitForRequestsAsync(1, cancel.Token);
        await cancel.CancelAsync();

        Assert.True(met.IsCompletedSuccessfully);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task Disposing_fails_pending_waits_instead_of_leaving_them_hanging()
    {
        var emulator = await SmoovenEmulator.StartAsync();
        var pending = emulator.WaitForCallbackAttemptsAsync(1);

        await emulator.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(Emulated.Patience));
    }

    [Fact]
    public async Task Disposing_fails_a_pending_idle_wait_instead_of_reporting_the_dropped_retries_as_done()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = (_, _, _) => Task.FromResult(500);
        var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        using var client = Emulated.ClientFor(emulator);
        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await clock.WaitForTimersAsync(TimeSpan.FromSeconds(5), count: 3);
        var idle = emulator.WaitForIdleAsync();
        Assert.False(idle.IsCompleted); // three retries are due

        await emulator.DisposeAsync().AsTask().WaitAsync(Emulated.Patience);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => idle.WaitAsync(Emulated.Patience));
    }

    [Fact]
    public async Task Disposing_with_retries_due_and_no_idle_wait_leaves_no_unobserved_exception()
    {
        // Test suites that fail on TaskScheduler.UnobservedTaskException would fail every test that disposes the
        // emulator with a callback still due, which is most of them.
        var unobserved = new System.Collections.Concurrent.ConcurrentQueue<AggregateException>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            await DisposeWithRetriesDueAsync();
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.DoesNotContain(unobserved, e => e.InnerExceptions.Any(x => x is ObjectDisposedException && x.Message.Contains("before it was idle", StringComparison.Ordinal)));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Record;
        }
    }

    // Its own method, so that nothing of the emulator is still reachable when the test collects.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task DisposeWithRetriesDueAsync()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = (_, _, _) => Task.FromResult(500);
        var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        using var client = Emulated.ClientFor(emulator);
        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await clock.WaitForTimersAsync(TimeSpan.FromSeconds(5), count: 3);
        await emulator.DisposeAsync().AsTask().WaitAsync(Emulated.Patience);
    }

    [Fact]
    public async Task Disposing_drops_callbacks_still_waiting_for_a_retry()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = (_, _, _) => Task.FromResult(500);
        var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock, ScenarioSelector = _ => EmulatorScenario.Delivered });
        using var client = Emulated.ClientFor(emulator);
        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await clock.WaitForTimersAsync(TimeSpan.FromSeconds(5), count: 3);

        await emulator.DisposeAsync().AsTask().WaitAsync(Emulated.Patience);

        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task A_wait_condition_that_throws_fails_that_wait_and_the_emulator_still_retries()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = (_, arrival, _) => Task.FromResult(arrival == 1 ? 500 : 200);
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        using var client = Emulated.ClientFor(emulator);

        // A slip in a test's condition: Error is null on every attempt the receiver answered.
        var wait = emulator.WaitForCallbackAttemptsAsync(a => a.Any(x => x.Error!.Length > 0));
        await client.NotifyAsync(Emulated.Reminder(receiver.Url));

        await Assert.ThrowsAsync<NullReferenceException>(() => wait.WaitAsync(Emulated.Patience));
        await clock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(5));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);
        Assert.Equal([500, 200], emulator.CallbackAttempts.Where(a => a.Event == CallbackEvent.Queued).Select(a => a.StatusCode));
        Assert.Equal(3, emulator.CallbackAttempts.Count(a => a.IsAcknowledged));
    }

    [Fact]
    public async Task With_a_cap_of_three_the_snapshots_hold_the_last_three_in_order()
    {
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { MaxRecordedItems = 3 });
        using var client = Emulated.ClientFor(emulator);
        var waitForAll = emulator.WaitForRequestsAsync(5);

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await client.NotifyAsync(Emulated.Reminder(null))).NotificationId);
        }

        var atTheFifth = await waitForAll.WaitAsync(Emulated.Patience);
        Assert.Equal(ids[2..], atTheFifth.Select(r => r.NotificationId));
        Assert.Equal(ids[2..], emulator.Requests.Select(r => r.NotificationId));
        Assert.Equal(ids[2..], emulator.Notifications.Select(n => n.NotificationId));
        Assert.Equal([3, 4, 5], emulator.Notifications.Select(n => n.SequenceNumber));
    }
}
