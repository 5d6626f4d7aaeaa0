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

    [Fact]
    public async Task With_callback_before_response_a_caller_that_gives_up_meanwhile_is_still_recorded_with_its_notification()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var slowFirstAnswer = new TaskCompletionSource();
        receiver.Respond = async (_, arrival, aborted) =>
        {
            if (arrival == 1)
            {
                await slowFirstAnswer.Task.WaitAsync(aborted);
            }

            return 200;
        };
        var options = new SmoovenEmulatorOptions();
        options.Faults.CallbackBeforeResponse = true;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var client = Emulated.ClientFor(emulator);
        using var giveUp = new CancellationTokenSource();

        var notify = client.NotifyAsync(Emulated.Reminder(receiver.Url), giveUp.Token);
        await receiver.WaitForCountAsync(1);
        await giveUp.CancelAsync(); // the agent's own deadline passes while its first callback is out
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => notify);

        var request = Assert.Single(await emulator.WaitForRequestsAsync(1).WaitAsync(Emulated.Patience));
        Assert.Equal(202, request.StatusCode);
        Assert.Equal(Assert.Single(emulator.Notifications).NotificationId, request.NotificationId);
        slowFirstAnswer.SetResult();
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);
        Assert.Equal(3, receiver.Received.Count); // the notification goes on: its callbacks are all sent
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

    // The wire contract retries 408, 429, 500, 502, 503 and 504 and never the rest: only those may
    // tell the caller to retry, and each status names what it is (a 403 once said service_unavailable).
    [Theory]
    [InlineData(400, "invalid_request", "bad_request", false)]
    [InlineData(401, "authentication_error", "invalid_api_key", false)]
    [InlineData(403, "permission_error", "forbidden", false)]
    [InlineData(404, "invalid_request", "not_found", false)]
    [InlineData(405, "invalid_request", "method_not_allowed", false)]
    [InlineData(408, "api_error", "request_timeout", true)]
    [InlineData(409, "invalid_request", "request_in_progress", false)]
    [InlineData(413, "invalid_request", "request_too_large", false)]
    [InlineData(418, "invalid_request", "request_refused", false)]
    [InlineData(422, "invalid_request", "unprocessable_request", false)]
    [InlineData(429, "rate_limit_error", "rate_limited", true)]
    [InlineData(500, "api_error", "internal_error", true)]
    [InlineData(501, "api_error", "not_implemented", false)]
    [InlineData(502, "api_error", "bad_gateway", true)]
    [InlineData(503, "api_error", "service_unavailable", true)]
    [InlineData(504, "api_error", "gateway_timeout", true)]
    [InlineData(507, "api_error", "server_error", false)]
    public async Task Each_injected_status_carries_its_own_error_type_code_and_retry_advice(int status, string type, string code, bool retried)
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.RejectFirstNotifyRequests = 1;
        options.Faults.RejectStatusCode = (HttpStatusCode)status;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v1/agent/notify"))
        {
            Content = new StringContent("""{"intent":"x"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + emulator.SecretKey);

        using var answer = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");

        Assert.Equal(status, (int)answer.StatusCode);
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(retried, message.Contains("retry", StringComparison.OrdinalIgnoreCase) && !message.Contains("not retry", StringComparison.OrdinalIgnoreCase));
    }

    // The wire contract gives Retry-After to the refusals for load, 429 and 503, and to no other status; HTTP gives
    // a 401 its WWW-Authenticate and a 405 its Allow, which the emulator's own refusals of those statuses carry.
    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(405)]
    [InlineData(408)]
    [InlineData(422)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task An_injected_refusal_carries_the_headers_of_its_status_and_no_others(int status)
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.RejectFirstNotifyRequests = 1;
        options.Faults.RejectStatusCode = (HttpStatusCode)status;
        options.Faults.RetryAfter = TimeSpan.FromSeconds(3);
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var http = new HttpClient();

        using var answer = await PostAsync(http, emulator, """{"intent":"x"}""", "key-1");

        Assert.Equal(status, (int)answer.StatusCode);
        Assert.Equal(status is 429 or 503 ? TimeSpan.FromSeconds(3) : null, answer.Headers.RetryAfter?.Delta);
        Assert.Equal(status == 401 ? ["Bearer"] : [], answer.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Equal(status == 405 ? ["POST"] : [], answer.Content.Headers.Allow);
    }

    [Fact]
    public async Task An_injected_401_has_the_headers_of_the_emulators_own_401()
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.RejectFirstNotifyRequests = 1;
        options.Faults.RejectStatusCode = HttpStatusCode.Unauthorized;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var http = new HttpClient();
        using var genuineRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v1/agent/notify"))
        {
            Content = new StringContent("""{"intent":"x"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        genuineRequest.Headers.TryAddWithoutValidation("Authorization", "Bearer sk_not_this_emulators");

        using var genuine = await http.SendAsync(genuineRequest);
        using var injected = await PostAsync(http, emulator, """{"intent":"x"}""", "key-1");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { genuine.StatusCode, injected.StatusCode });
        Assert.Equal(HeaderNames(genuine), HeaderNames(injected));
        Assert.Equal(genuine.Headers.WwwAuthenticate.ToString(), injected.Headers.WwwAuthenticate.ToString());
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

    [Fact]
    public async Task A_lost_answer_comes_after_the_notification_was_accepted_and_a_repeat_of_its_key_gets_it()
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.LoseFirstNotifyAnswers = 2;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var http = new HttpClient();

        using var refused = await PostAsync(http, emulator, """{"intent":""}""", "key-refused");
        var firstLost = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(http, emulator, """{"intent":"x"}""", "key-1"));
        var secondLost = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(http, emulator, """{"intent":"x"}""", "key-1"));
        using var replayed = await PostAsync(http, emulator, """{"intent":"x"}""", "key-1");
        using var fresh = await PostAsync(http, emulator, """{"intent":"x"}""", "key-2");

        // A refusal is never lost; the accepted request's answer and its first repeat's are.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("intent_required", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
        Assert.Equal(2, emulator.Notifications.Count); // key-1 once, whatever became of its answers, and key-2
        Assert.Equal(emulator.Notifications[0].NotificationId, NotificationIdOf(await replayed.Content.ReadAsStringAsync()));
        Assert.Equal([422, 202, 202, 202, 202], emulator.Requests.Select(r => r.StatusCode));
        Assert.Equal([false, false, true, true, false], emulator.Requests.Select(r => r.IsReplay));
    }

    [Fact]
    public async Task The_sdk_client_retries_a_lost_answer_under_its_key_so_only_one_notification_is_sent()
    {
        var options = new SmoovenEmulatorOptions();
        options.Faults.LoseFirstNotifyAnswers = 1;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        using var client = new SmoovenClient(new SmoovenClientOptions { SecretKey = emulator.SecretKey, BaseAddress = emulator.BaseAddress, RetryBaseDelay = TimeSpan.Zero });

        var accepted = await client.NotifyAsync(Emulated.Reminder(callbackUrl: null)).WaitAsync(Emulated.Patience);

        Assert.Equal(accepted.NotificationId, Assert.Single(emulator.Notifications).NotificationId);
        Assert.Equal([false, true], emulator.Requests.Select(r => r.IsReplay));
        Assert.Single(emulator.Requests.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task When_every_retry_loses_its_answer_the_call_says_it_may_have_been_accepted_and_its_key_gets_the_notification()
    {
        var clientOptions = new SmoovenClientOptions { MaxRetries = 2, RetryBaseDelay = TimeSpan.Zero };
        var options = new SmoovenEmulatorOptions();
        options.Faults.LoseFirstNotifyAnswers = clientOptions.MaxRetries + 1;
        await using var emulator = await SmoovenEmulator.StartAsync(options);
        clientOptions.SecretKey = emulator.SecretKey;
        clientOptions.BaseAddress = emulator.BaseAddress;
        using var client = new SmoovenClient(clientOptions);

        var reminder = new NotifyRequest { Intent = "Remind Sarah" };

        var error = await Assert.ThrowsAsync<SmoovenException>(() => client.NotifyAsync(reminder).WaitAsync(Emulated.Patience));
        var accepted = await client.NotifyAsync(reminder.WithIdempotencyKey(error.IdempotencyKey!)).WaitAsync(Emulated.Patience);

        Assert.True(error.MayHaveBeenAccepted);
        Assert.Equal(accepted.NotificationId, Assert.Single(emulator.Notifications).NotificationId);
        Assert.Equal(4, emulator.Requests.Count);
        Assert.Equal(error.IdempotencyKey, Assert.Single(emulator.Requests.Select(r => r.IdempotencyKey).Distinct()));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, SmoovenEmulator emulator, string body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v1/agent/notify"))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + emulator.SecretKey);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    private static string[] HeaderNames(HttpResponseMessage answer) =>
        [.. answer.Headers.Concat(answer.Content.Headers).Select(h => h.Key).Where(name => name != "Date").Order(StringComparer.OrdinalIgnoreCase)];

    private static string? NotificationIdOf(string answer)
    {
        using var json = JsonDocument.Parse(answer);
        return json.RootElement.GetProperty("notification_id").GetString();
    }
}
