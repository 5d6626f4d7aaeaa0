using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Emulator;

/// <summary>The service's callback schedule: no 2xx within 10 s, retried after 5 s, 30 s and 2 min.</summary>
public class CallbackRetryTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    [Fact]
    public async Task A_refused_callback_is_retried_after_5s_30s_and_2min_with_the_same_body_signed_anew()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = (callback, _, _) => Task.FromResult(callback.Parse().Event == CallbackEvent.Queued ? 500 : 200);
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        using var client = Emulated.ClientFor(emulator);

        await client.NotifyAsync(Emulated.Reminder(receiver.Url));

        // First attempts of queued, sent and delivered all ended: moving the clock cannot time one out.
        await emulator.WaitForCallbackAttemptsAsync(3).WaitAsync(Emulated.Patience);
        foreach (var delay in RetryDelays)
        {
            await clock.AdvanceWhenPendingAsync(delay);
        }

        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        var queued = emulator.CallbackAttempts.Where(a => a.Event == CallbackEvent.Queued).ToList();
        Assert.Equal([1, 2, 3, 4], queued.Select(a => a.AttemptNumber));
        Assert.All(queued, a => Assert.Equal(500, a.StatusCode));
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(155)],
            queued.Select(a => a.SentAt - SignallingTimeProvider.Epoch));
        Assert.Single(queued.Select(a => a.Body).Distinct());
        Assert.All(emulator.CallbackAttempts.Where(a => a.Event != CallbackEvent.Queued), a => Assert.Equal(1, a.AttemptNumber));

        // Each attempt carries t = its own send time, and verifies over the unchanged body.
        var received = receiver.Received.Where(c => c.Parse().Event == CallbackEvent.Queued).ToList();
        Assert.Equal(
            [1772697615L, 1772697620L, 1772697650L, 1772697770L],
            received.Select(c => IndependentSignature.Parse(c.Signature!).T));
        Assert.All(received, c => Assert.True(IndependentSignature.IsValid(emulator.SecretKey, c.Signature!, c.Body)));
        Assert.Single(received.Select(c => c.Text).Distinct());
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_within_10s_gets_the_callback_again_5s_later()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = async (_, arrival, aborted) =>
        {
            if (arrival == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, aborted); // hangs until the emulator gives up
            }

            return 200;
        };
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        using var client = Emulated.ClientFor(emulator);

        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await receiver.WaitForCountAsync(1);
        await clock.WaitForTimerAsync(AttemptTimeout);
        clock.Advance(AttemptTimeout - TimeSpan.FromSeconds(1));
        Assert.Empty(emulator.CallbackAttempts); // still waiting: 10 s have not passed on the emulator's clock
        Assert.Single(receiver.Received); // and the next callback waits behind it

        clock.Advance(TimeSpan.FromSeconds(1));
        var first = (await emulator.WaitForCallbackAttemptsAsync(1).WaitAsync(Emulated.Patience))[0];
        Assert.Equal(CallbackEvent.Queued, first.Event);
        Assert.Null(first.StatusCode);
        Assert.Contains("10 s", first.Error, StringComparison.Ordinal);
        Assert.False(first.IsAcknowledged);

        await clock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(5));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        var queued = emulator.CallbackAttempts.Where(a => a.Event == CallbackEvent.Queued).ToList();
        Assert.Equal([null, 200], queued.Select(a => a.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(15), queued[1].SentAt - SignallingTimeProvider.Epoch);
        Assert.Equal(4, receiver.Received.Count);
    }

    [Fact]
    public async Task An_unreachable_receiver_gets_four_attempts_per_callback_then_the_emulator_gives_up()
    {
        var clock = new SignallingTimeProvider();
        var receiver = await CallbackReceiver.StartAsync();
        var deadUrl = receiver.Url;
        await receiver.DisposeAsync(); // nothing listens there any more
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        using var client = Emulated.ClientFor(emulator);

        await client.NotifyAsync(Emulated.Reminder(deadUrl));
        foreach (var delay in RetryDelays)
        {
            await clock.WaitForTimersAsync(delay, count: 3); // queued, sent and delivered each wait out the same delay
            clock.Advance(delay);
        }

        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);
        var attempts = emulator.CallbackAttempts;
        Assert.Equal(12, attempts.Count);
        Assert.All(attempts.GroupBy(a => a.Event), group => Assert.Equal([1, 2, 3, 4], group.Select(a => a.AttemptNumber)));
        Assert.All(attempts, a => Assert.Null(a.StatusCode));
        Assert.All(attempts, a => Assert.False(string.IsNullOrEmpty(a.Error)));
    }

    [Fact]
    public async Task The_retry_schedule_can_be_changed_for_demos()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = (_, arrival, _) => Task.FromResult(arrival == 1 ? 503 : 204);
        var options = new SmoovenEmulatorOptions { TimeProvider = clock };
        options.CallbackRetryDelays.Clear();
        options.CallbackRetryDelays.Add(TimeSpan.FromSeconds(1));
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var client = Emulated.ClientFor(emulator);

        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await clock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(1));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        var queued = emulator.CallbackAttempts.Where(a => a.Event == CallbackEvent.Queued).ToList();
        Assert.Equal([503, 204], queued.Select(a => a.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(1), queued[1].SentAt - queued[0].SentAt);
    }
}
