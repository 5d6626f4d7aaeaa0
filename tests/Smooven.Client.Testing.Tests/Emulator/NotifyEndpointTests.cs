using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Testing.Tests.Support;

namespace Smooven.Client.Testing.Tests.Emulator;

public class NotifyEndpointTests
{
    private const string ValidBody = """{"intent":"Remind Sarah about her appointment","context":{"user_id":"sarah@example.com"}}""";

    [Fact]
    public async Task Accepts_a_valid_request_with_202_a_ntf_id_queued_and_a_request_id()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Notify(emulator, ValidBody, "Bearer " + emulator.SecretKey));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("req_", response.Headers.GetValues("X-Request-Id").Single(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Matches("^ntf_[a-z0-9]{12}$", json.RootElement.GetProperty("notification_id").GetString());
        Assert.Equal("queued", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
    }

    [Fact]
    public async Task The_sdk_client_gets_the_notification_id_the_emulator_recorded()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var client = Emulated.ClientFor(emulator);

        var accepted = await client.NotifyAsync(Emulated.Reminder(callbackUrl: null, urgency: Urgency.High));

        var notification = Assert.Single(emulator.Notifications);
        Assert.Equal(accepted.NotificationId, notification.NotificationId);
        Assert.Equal("queued", accepted.Status);
        Assert.Equal(1, notification.SequenceNumber);
        Assert.Equal("Remind Sarah about her appointment", notification.Intent);
        Assert.Equal(Urgency.High, notification.Urgency);
        Assert.Equal("sarah@example.com", notification.UserId);
        Assert.Null(notification.CallbackUrl);
        var request = Assert.Single(emulator.Requests);
        Assert.Equal(202, request.StatusCode);
        Assert.Equal(notification.IdempotencyKey, request.IdempotencyKey);
        Assert.False(string.IsNullOrEmpty(request.IdempotencyKey));
        Assert.StartsWith("smooven-dotnet/", request.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "missing_api_key")]
    [InlineData("Bearer sk_test_not_the_key", "invalid_api_key")]
    [InlineData("Basic c2s6", "invalid_api_key")]
    public async Task A_missing_or_wrong_key_gets_401_with_the_error_body(string? authorization, string code)
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Notify(emulator, ValidBody, authorization));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertErrorAsync(response, "authentication_error", code);
        Assert.Empty(emulator.Notifications);
    }

    [Fact]
    public async Task The_sdk_client_surfaces_a_wrong_key_as_a_typed_401_and_does_not_retry()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var client = new SmoovenClient(null, new SmoovenClientOptions { SecretKey = "sk_test_wrong", BaseAddress = emulator.BaseAddress }, null, null, null);

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => client.NotifyAsync(Emulated.Reminder(null)));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("authentication_error", error.ErrorType);
        Assert.Equal("invalid_api_key", error.ErrorCode);
        Assert.Equal(emulator.Requests.Single().RequestId, error.RequestId);
    }

    [Theory]
    [InlineData("{not json", 400, "invalid_json")]
    [InlineData("[1,2]", 400, "invalid_json")]
    [InlineData("", 400, "invalid_json")]
    [InlineData("""{"intent":""}""", 422, "intent_required")]
    [InlineData("""{"intent":"   "}""", 422, "intent_required")]
    [InlineData("""{"urgency":"high"}""", 422, "intent_required")]
    [InlineData("""{"intent":42}""", 422, "intent_required")]
    [InlineData("""{"intent":"x","urgency":"whenever"}""", 422, "invalid_urgency")]
    [InlineData("""{"intent":"x","context":"sarah"}""", 422, "invalid_context")]
    [InlineData("""{"intent":"x","context":{"user_id":7}}""", 422, "invalid_user_id")]
    [InlineData("""{"intent":"x","callback_url":"/webhooks/smooven"}""", 422, "invalid_callback_url")]
    [InlineData("""{"intent":"x","callback_url":"ftp://example.com/hook"}""", 422, "invalid_callback_url")]
    [InlineData("""{"intent":"x","callback_url":12}""", 422, "invalid_callback_url")]
    [InlineData("""{"intent":"x","callback_url":"https://smooven-test.invalid/webhooks/smooven"}""", 422, "invalid_callback_url")] // off this machine
    public async Task An_invalid_request_gets_the_typed_error_body_and_sends_nothing(string body, int status, string code)
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(Notify(emulator, body, "Bearer " + emulator.SecretKey));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.True(response.Headers.Contains("X-Request-Id"));
        await AssertErrorAsync(response, "invalid_request", code);
        Assert.Empty(emulator.Notifications);
        Assert.Equal(status, emulator.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task The_sdk_client_maps_a_422_to_a_typed_exception()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var client = Emulated.ClientFor(emulator);

        // The SDK accepts unknown urgencies (extensible enum); the service does not.
        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => client.NotifyAsync(Emulated.Reminder(null, urgency: "whenever")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("invalid_urgency", error.ErrorCode);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_gets_the_original_answer_and_no_second_delivery()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        await using var receiver = await CallbackReceiver.StartAsync();
        using var http = new HttpClient();
        var body = $$"""{"intent":"Remind Sarah about her appointment","callback_url":"{{receiver.Url}}"}""";

        using var first = await http.SendAsync(Notify(emulator, body, "Bearer " + emulator.SecretKey, idempotencyKey: "key-1"));
        using var again = await http.SendAsync(Notify(emulator, body, "Bearer " + emulator.SecretKey, idempotencyKey: "key-1"));
        using var other = await http.SendAsync(Notify(emulator, body, "Bearer " + emulator.SecretKey, idempotencyKey: "key-2"));
        await emulator.WaitForIdleAsync().WaitAsync(Emulated.Patience);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.NotEqual(await first.Content.ReadAsStringAsync(), await other.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, emulator.Notifications.Count);
        Assert.Equal([false, true, false], emulator.Requests.Select(r => r.IsReplay));
        Assert.Equal(6, receiver.Received.Count);
    }

    [Fact]
    public async Task A_reused_idempotency_key_with_a_different_body_is_refused_with_422_and_sends_nothing()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var http = new HttpClient();
        var authorization = "Bearer " + emulator.SecretKey;
        const string Other = """{"intent":"Remind Tom about his appointment"}""";

        using var first = await http.SendAsync(Notify(emulator, ValidBody, authorization, idempotencyKey: "key-1"));
        using var reused = await http.SendAsync(Notify(emulator, Other, authorization, idempotencyKey: "key-1"));
        using var retried = await http.SendAsync(Notify(emulator, ValidBody, authorization, idempotencyKey: "key-1"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        await AssertErrorAsync(reused, "idempotency_error", "idempotency_key_reused");
        Assert.False(reused.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode); // the original body still replays
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());
        Assert.Single(emulator.Notifications);
        Assert.Equal([false, false, true], emulator.Requests.Select(r => r.IsReplay));
    }

    [Fact]
    public async Task The_sdk_explains_a_reused_key_that_the_emulator_refused()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var http = new HttpClient();
        using var first = await http.SendAsync(Notify(emulator, ValidBody, "Bearer " + emulator.SecretKey, idempotencyKey: "key-1"));
        using var reusingKey = new HttpClient(new ReusedKeyHandler("key-1"));
        using var client = new SmoovenClient(reusingKey, new SmoovenClientOptions { SecretKey = emulator.SecretKey, BaseAddress = emulator.BaseAddress });

        var error = await Assert.ThrowsAsync<SmoovenApiException>(() => client.NotifyAsync(Emulated.Reminder(null, userId: "tom@example.com")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("idempotency_key_reused", error.ErrorCode);
        Assert.Contains("use a new key for each distinct request", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idempotency_key_is_remembered_for_24_hours_and_then_starts_a_new_notification()
    {
        var clock = new SignallingTimeProvider();
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { TimeProvider = clock });
        using var http = new HttpClient();

        using var first = await http.SendAsync(Notify(emulator, ValidBody, "Bearer " + emulator.SecretKey, idempotencyKey: "key-1"));
        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        using var withinWindow = await http.SendAsync(Notify(emulator, ValidBody, "Bearer " + emulator.SecretKey, idempotencyKey: "key-1"));
        clock.Advance(TimeSpan.FromSeconds(1));
        using var afterWindow = await http.SendAsync(Notify(emulator, ValidBody, "Bearer " + emulator.SecretKey, idempotencyKey: "key-1"));

        Assert.Equal(await first.Content.ReadAsStringAsync(), await withinWindow.Content.ReadAsStringAsync());
        Assert.NotEqual(await first.Content.ReadAsStringAsync(), await afterWindow.Content.ReadAsStringAsync());
        Assert.Equal(2, emulator.Notifications.Count);
    }

    [Fact]
    public async Task A_body_over_1_MiB_gets_413()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var http = new HttpClient();
        var body = $$"""{"intent":"{{new string('x', 1024 * 1024)}}"}""";

        using var response = await http.SendAsync(Notify(emulator, body, "Bearer " + emulator.SecretKey));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertErrorAsync(response, "invalid_request", "request_too_large");
        Assert.Empty(emulator.Notifications);
    }

    [Fact]
    public async Task Unknown_paths_get_404_and_other_methods_405()
    {
        await using var emulator = await SmoovenEmulator.StartAsync();
        using var http = new HttpClient();

        using var notFound = await http.PostAsync(new Uri(emulator.BaseAddress, "v1/notify"), new StringContent(ValidBody));
        using var wrongMethod = await http.GetAsync(new Uri(emulator.BaseAddress, "v1/agent/notify"));

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        await AssertErrorAsync(notFound, "invalid_request", "not_found");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("POST", wrongMethod.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task A_port_can_be_chosen_and_only_loopback_is_bound()
    {
        await using var probe = await SmoovenEmulator.StartAsync();
        var port = probe.BaseAddress.Port;
        await probe.DisposeAsync();

        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { Port = port, SecretKey = "sk_test_fixed" });

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), emulator.BaseAddress);
        Assert.Equal("sk_test_fixed", emulator.SecretKey);
    }

    [Fact]
    public async Task Generated_secret_keys_differ_between_emulators()
    {
        await using var one = await SmoovenEmulator.StartAsync();
        await using var two = await SmoovenEmulator.StartAsync();

        Assert.StartsWith("sk_test_", one.SecretKey, StringComparison.Ordinal);
        Assert.NotEqual(one.SecretKey, two.SecretKey);
    }

    [Fact]
    public async Task Options_out_of_range_are_refused_with_a_message_naming_them()
    {
        var port = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { Port = 70000 }));
        var timeout = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { CallbackTimeout = TimeSpan.Zero }));
        var options = new SmoovenEmulatorOptions();
        options.Faults.RejectStatusCode = HttpStatusCode.OK;
        var status = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SmoovenEmulator.StartAsync(options));
        var lossy = new SmoovenEmulatorOptions();
        lossy.Faults.LoseFirstNotifyAnswers = -1;
        var lost = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SmoovenEmulator.StartAsync(lossy));

        Assert.Contains("Port", port.Message, StringComparison.Ordinal);
        Assert.Contains("CallbackTimeout", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("RejectStatusCode", status.Message, StringComparison.Ordinal);
        Assert.Contains("LoseFirstNotifyAnswers", lost.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CallbackTimeout")]
    [InlineData("EventInterval")]
    [InlineData("CallbackRetryDelays")]
    public async Task Delays_too_long_for_a_timer_are_refused_at_start_instead_of_silently_sending_nothing(string option)
    {
        var options = new SmoovenEmulatorOptions();
        switch (option)
        {
            case "CallbackTimeout": options.CallbackTimeout = TimeSpan.MaxValue; break; // "the receiver may take as long as it likes"
            case "EventInterval": options.EventInterval = TimeSpan.FromDays(60); break;
            default: options.CallbackRetryDelays.Add(TimeSpan.FromDays(60)); break;
        }

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SmoovenEmulator.StartAsync(options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains("SmoovenEmulatorOptions." + option, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, "MaxRecordedItems")]
    [InlineData(-1, 1, "MaxRecordedItems")]
    [InlineData(1, 0, "MaxRememberedIdempotencyKeys")]
    [InlineData(1, -5, "MaxRememberedIdempotencyKeys")]
    public async Task Limits_that_are_not_positive_are_refused_with_a_message_naming_them(int maxRecorded, int maxKeys, string option)
    {
        var options = new SmoovenEmulatorOptions { MaxRecordedItems = maxRecorded, MaxRememberedIdempotencyKeys = maxKeys };

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SmoovenEmulator.StartAsync(options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains("SmoovenEmulatorOptions." + option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beyond_the_key_cap_the_oldest_key_starts_a_new_notification_and_a_newer_one_still_replays()
    {
        await using var emulator = await SmoovenEmulator.StartAsync(new SmoovenEmulatorOptions { MaxRememberedIdempotencyKeys = 2 });
        using var http = new HttpClient();
        var authorization = "Bearer " + emulator.SecretKey;

        foreach (var key in (string[])["key-1", "key-2", "key-3", "key-1", "key-3"])
        {
            using var answer = await http.SendAsync(Notify(emulator, ValidBody, authorization, key));
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        Assert.Equal([false, false, false, false, true], emulator.Requests.Select(r => r.IsReplay));
        Assert.Equal(4, emulator.Notifications.Count);
    }

    private static HttpRequestMessage Notify(SmoovenEmulator emulator, string body, string? authorization, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v1/agent/notify"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, string type, string code)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    /// <summary>Stands in for calling code that reuses one Idempotency-Key for every request.</summary>
    private sealed class ReusedKeyHandler(string key) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("Idempotency-Key");
            request.Headers.Add("Idempotency-Key", key);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
