using System.Net;
using System.Text.Json;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Emulator;

public class FaultInjectionTests
{
    [Fact]
    public async Task Duplicate_callbacks_arrive_twice_with_identical_bodies_each_validly_signed()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var options = new SmoovenEmulatorOptions();
        options.Faults.DuplicateCallbacks = true;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var client = Emulated.ClientFor(emulator);

        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.Equal(
            ["notification.queued/sms", "notification.queued/sms", "notification.sent/sms", "notification.sent/sms", "notification.delivered/sms", "notification.delivered/sms"],
            Emulated.EventsOf(receiver.Received));
        for (var i = 0; i < 6; i += 2)
        {
            Assert.Equal(receiver.Received[i].Body, receiver.Received[i + 1].Body);
        }

        Assert.All(receiver.Received, c => Assert.True(IndependentSignature.IsValid(emulator.SecretKey, c.Signature!, c.Body)));
        Assert.Equal([false, true, false, true, false, true], emulator.CallbackAttempts.Select(a => a.IsDuplicate));
    }

    [Fact]
    public async Task Shuffled_callbacks_leave_the_natural_order_but_keep_natural_timestamps()
    {
        var clock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        var options = new SmoovenEmulatorOptions { TimeProvider = clock, EventInterval = TimeSpan.FromSeconds(1), ScenarioSelector = _ => EmulatorScenario.FallbackThenDelivered };
        options.Faults.ShuffleCallbacks = true;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var client = Emulated.ClientFor(emulator);

        await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        for (var i = 1; i < 5; i++)
        {
            await clock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(1));
        }

        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        var arrived = receiver.Received.Select(c => c.Parse()).ToList();
        var natural = arrived.OrderBy(c => c.Timestamp).ToList();
        Assert.NotEqual(natural.Select(c => c.Timestamp), arrived.Select(c => c.Timestamp));
        Assert.Equal(
            ["notification.queued/sms", "notification.sent/sms", "notification.fallback/sms", "notification.sent/email", "notification.delivered/email"],
            natural.Select(c => $"{c.Event}/{c.ChannelUsed}"));
        Assert.Equal(5, natural.Select(c => c.Timestamp).Distinct().Count());
    }

    [Fact]
    public async Task With_callback_before_response_the_first_callback_is_acknowledged_before_notify_returns()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var options = new SmoovenEmulatorOptions();
        options.Faults.CallbackBeforeResponse = true;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var client = Emulated.ClientFor(emulator);

        var accepted = await client.NotifyAsync(Emulated.Reminder(receiver.Url));
        var seenBeforeReturn = receiver.Received;
        var attemptsBeforeReturn = emulator.CallbackAttempts;

        var first = Assert.Single(seenBeforeReturn.Take(1));
        Assert.Equal(accepted.NotificationId, first.Parse().NotificationId);
        Assert.Equal(CallbackEvent.Queued, first.Parse().Event);
        Assert.Contains(attemptsBeforeReturn, a => a.Event == CallbackEvent.Queued && a.IsAcknowledged);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "api_error", "service_unavailable")]
    [InlineData(HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limited")]
    public async Task The_first_notify_requests_can_be_refused_for_load_with_retry_after(HttpStatusCode status, string type, string code)
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.RejectFirstNotifyRequests = 2;
        options.Faults.RejectStatusCode = status;
        options.Faults.RetryAfter = TimeSpan.FromSeconds(3);
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var http = new HttpClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v1/agent/notify"))
            {
                Content = new StringContent("""{"intent":"x"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + emulator.SecretKey);
            answers.Add(await http.SendAsync(request));
        }

        Assert.Equal([status, status, HttpStatusCode.Accepted], answers.Select(a => a.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(3), answers[0].Headers.RetryAfter?.Delta);
        using var error = JsonDocument.Parse(await answers[0].Content.ReadAsStringAsync());
        Assert.Equal(type, error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(code, error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Null(answers[2].Headers.RetryAfter);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task The_sdk_client_waits_out_retry_after_and_retries_under_one_key_so_only_one_notification_is_sent()
    {
        var clientClock = new SignallingTimeProvider();
        await using var receiver = await CallbackReceiver.StartAsync();
        var options = new SmoovenEmulatorOptions();
        options.Faults.RejectFirstNotifyRequests = 2;
        options.Faults.RejectStatusCode = HttpStatusCode.ServiceUnavailable;
        options.Faults.RetryAfter = TimeSpan.FromSeconds(2);
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var client = Emulated.ClientFor(emulator, clientClock);

        var notify = client.NotifyAsync(Emulated.Reminder(receiver.Url));
        await clientClock.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        Assert.Single(emulator.Requests); // the client waits out Retry-After before its second attempt
        clientClock.Advance(TimeSpan.FromSeconds(2));
        await emulator.WaitForRequestsAsync(2).WaitAsync(Emulated.Patience);
        await clientClock.AdvanceWhenPendingAsync(TimeSpan.FromSeconds(2));
        var accepted = await notify.WaitAsync(Emulated.Patience);
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.Equal([503, 503, 202], emulator.Requests.Select(r => r.StatusCode));
        Assert.Single(emulator.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal(accepted.NotificationId, Assert.Single(emulator.Notifications).NotificationId);
        Assert.Equal(3, receiver.Received.Count);
    }
}
