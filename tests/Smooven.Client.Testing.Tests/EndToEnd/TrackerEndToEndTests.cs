using System.Net;
using Smooven.Client.AspNetCore;
using Smooven.Client.TestSupport;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.EndToEnd;

/// <summary>
/// Client → emulator → signed callbacks → MapSmoovenWebhook on Kestrel → DeliveryTracker →
/// SendAndWaitAsync: what an agent sees, for every scenario and every fault.
/// </summary>
public class TrackerEndToEndTests
{
    private static readonly TimeSpan LongWait = TimeSpan.FromMinutes(10);

    [Theory]
    [MemberData(nameof(ScenarioOutcomes.ForDelivery), MemberType = typeof(ScenarioOutcomes))]
    public async Task Send_and_wait_ends_with_the_scenario_outcome(EmulatorScenario scenario, DeliveryOutcome outcome, string[] statuses)
    {
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = _ => scenario });
        await using var host = await WebhookHost.StartAsync(emulator);

        var result = await host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl), Emulated.Patience);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(statuses[^1], result.FinalCallback!.Status);

        // Callbacks that came before the wait began are all in the result, so opened and clicked
        // may follow delivered when the emulator outran the client; the story up to the end is fixed.
        Assert.Equal(statuses, result.Callbacks.Take(statuses.Length).Select(c => c.Status));
        Assert.Equal(emulator.Notifications.Single().NotificationId, result.NotificationId);
    }

    [Fact]
    public async Task Waiting_until_clicked_sees_opened_and_clicked_after_delivered()
    {
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = _ => EmulatorScenario.DeliveredOpenedClicked });
        await using var host = await WebhookHost.StartAsync(emulator);

        var result = await host.Client.SendAndWaitAsync(
            Emulated.Reminder(host.CallbackUrl), new SendAndWaitOptions { Until = CallbackEvent.Clicked, Timeout = Emulated.Patience });

        Assert.Equal(DeliveryOutcome.Clicked, result.Outcome);
        Assert.True(result.IsDelivered);
        Assert.Equal(["queued", "sent", "delivered", "opened", "clicked"], result.Callbacks.Select(c => c.Status));
        Assert.All(result.Callbacks, c => Assert.Equal(Channel.Email, c.ChannelUsed));
    }

    [Fact]
    public async Task Silence_times_out_and_leaves_no_wait_behind()
    {
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { ScenarioSelector = _ => EmulatorScenario.Silence });
        await using var host = await WebhookHost.StartAsync(emulator);

        var result = await host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl), TimeSpan.FromMilliseconds(300));

        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        Assert.Empty(result.Callbacks);
        Assert.Equal(0, host.Tracker.PendingCount);
        Assert.Empty(emulator.CallbackAttempts);
    }

    [Fact]
    public async Task The_user_id_convention_works_through_the_whole_path()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        await using var host = await WebhookHost.StartAsync(emulator);

        var failed = await host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl, userId: "sarah+failed@example.com"), Emulated.Patience);
        var delivered = await host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl, userId: "sarah@example.com"), Emulated.Patience);

        Assert.Equal(DeliveryOutcome.Failed, failed.Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, delivered.Outcome);
        Assert.Equal("sarah+failed@example.com", failed.FinalCallback!.Recipient!.UserId);
    }

    [Fact]
    public async Task Duplicated_callbacks_are_acknowledged_and_counted_once()
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.DuplicateCallbacks = true;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        await using var host = await WebhookHost.StartAsync(emulator);

        var result = await host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl), Emulated.Patience);
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(["queued", "sent", "delivered"], result.Callbacks.Select(c => c.Status));
        Assert.Equal(6, emulator.CallbackAttempts.Count);
        Assert.All(emulator.CallbackAttempts, a => Assert.True(a.IsAcknowledged, a.ToString())); // a duplicate is answered 2xx, not refused
    }

    [Fact]
    public async Task Shuffled_callbacks_still_end_in_delivered()
    {
        var options = new SmoovenEmulatorOptions { ScenarioSelector = _ => EmulatorScenario.FallbackThenDelivered };
        options.Faults.ShuffleCallbacks = true;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        await using var host = await WebhookHost.StartAsync(emulator);

        var result = await host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl), Emulated.Patience);
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(CallbackEvent.Delivered, result.FinalCallback!.Event);
        Assert.All(emulator.CallbackAttempts, a => Assert.True(a.IsAcknowledged, a.ToString()));
        Assert.NotEqual(
            ["notification.queued/sms", "notification.sent/sms", "notification.fallback/sms", "notification.sent/email", "notification.delivered/email"],
            emulator.CallbackAttempts.Select(a => $"{a.Event}/{a.Channel}"));
    }

    [Fact]
    public async Task A_callback_that_arrives_before_the_notify_answer_is_not_lost()
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.CallbackBeforeResponse = true;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        await using var host = await WebhookHost.StartAsync(emulator);

        var result = await host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl), Emulated.Patience);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(CallbackEvent.Queued, result.Callbacks[0].Event);
        Assert.True(emulator.CallbackAttempts[0].IsAcknowledged);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Notify_refused_for_load_is_retried_by_the_client_and_delivered_once(HttpStatusCode status)
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.RejectFirstNotifyRequests = 2;
        options.Faults.RejectStatusCode = status;
        options.Faults.RetryAfter = TimeSpan.Zero; // the wait itself is covered on a fake clock in FaultInjectionTests
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        await using var host = await WebhookHost.StartAsync(emulator);

        var result = await host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl), Emulated.Patience);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal([(int)status, (int)status, 202], emulator.Requests.Select(r => r.StatusCode));
        Assert.Single(emulator.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Single(emulator.Notifications);
    }

    [Fact]
    public async Task A_handler_failure_makes_the_endpoint_answer_500_and_the_emulator_retries_5s_later()
    {
        var clock = new SignallingTimeProvider();
        var handler = new FailOnceOn(CallbackEvent.Delivered);
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        await using var host = await WebhookHost.StartAsync(emulator, clock, handler);

        var wait = host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl), LongWait);
        await emulator.WaitForCallbackAttemptsAsync(3).WaitAsync(Emulated.Patience);
        await clock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(5));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);
        var result = await wait.WaitAsync(Emulated.Patience);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var delivered = emulator.CallbackAttempts.Where(a => a.Event == CallbackEvent.Delivered).ToList();
        Assert.Equal([500, 200], delivered.Select(a => a.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(5), delivered[1].SentAt - delivered[0].SentAt);
        Assert.Equal(2, handler.Seen(CallbackEvent.Delivered));
    }

    [Fact]
    public async Task A_receiver_slower_than_10s_gets_the_callback_again_on_the_fake_clock_and_the_wait_still_ends()
    {
        var clock = new SignallingTimeProvider();
        var handler = new HangOnceOn(CallbackEvent.Queued);
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        await using var host = await WebhookHost.StartAsync(emulator, clock, handler);

        var wait = host.Client.SendAndWaitAsync(Emulated.Reminder(host.CallbackUrl), LongWait);
        await handler.Hanging.WaitAsync(Emulated.Patience);
        await clock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(10)); // the first attempt times out
        await emulator.WaitForCallbackAttemptsAsync(3).WaitAsync(Emulated.Patience); // queued (timed out), sent, delivered
        await clock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(5));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);
        var result = await wait.WaitAsync(Emulated.Patience);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var queued = emulator.CallbackAttempts.Where(a => a.Event == CallbackEvent.Queued).ToList();
        Assert.Equal(2, queued.Count);
        Assert.Null(queued[0].StatusCode);
        Assert.True(queued[1].IsAcknowledged);
        Assert.Equal(TimeSpan.FromSeconds(15), queued[1].SentAt - queued[0].SentAt);
    }

    /// <summary>Throws the first time it sees one event, so the endpoint answers 500 once.</summary>
    private sealed class FailOnceOn(CallbackEvent failOn) : ISmoovenCallbackHandler
    {
        private readonly Dictionary<CallbackEvent, int> _seen = [];

        public int Seen(CallbackEvent callbackEvent)
        {
            lock (_seen)
            {
                return _seen.GetValueOrDefault(callbackEvent);
            }
        }

        public Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken)
        {
            int count;
            lock (_seen)
            {
                count = _seen[callback.Event] = _seen.GetValueOrDefault(callback.Event) + 1;
            }

            return callback.Event == failOn && count == 1
                ? throw new InvalidOperationException("The handler's database is down.")
                : Task.CompletedTask;
        }
    }

    /// <summary>Does not answer the first time it sees one event, until the sender gives up.</summary>
    private sealed class HangOnceOn(CallbackEvent hangOn) : ISmoovenCallbackHandler
    {
        private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _hung;

        public Task Hanging => _hanging.Task;

        public async Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken)
        {
            if (callback.Event == hangOn && Interlocked.Exchange(ref _hung, 1) == 0)
            {
                _hanging.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken); // until the emulator aborts the request
            }
        }
    }
}
