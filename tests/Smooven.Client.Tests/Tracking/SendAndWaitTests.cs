using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using Smooven.Client.Tests.Support;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class SendAndWaitTests
{
    private const string NotifyUrl = "http://127.0.0.1:9/v1/agent/notify";
    private static readonly Uri CallbackUrl = new("http://127.0.0.1:9/webhooks/smooven");

    internal static SmoovenClient NewClient(HttpMessageHandler handler, DeliveryTracker tracker, TimeProvider time, Uri? defaultCallbackUrl = null) =>
        new(
            new HttpClient(handler),
            new SmoovenClientOptions
            {
                SecretKey = "sk_test_tracker",
                BaseAddress = new Uri("http://127.0.0.1:9/"),
                DefaultCallbackUrl = defaultCallbackUrl ?? CallbackUrl,
            },
            tracker,
            time,
            null);

    [Fact]
    public async Task A_callback_that_beats_the_notify_response_is_not_lost()
    {
        using var tracker = NewTracker(out var time);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyUrl).Respond(_ =>
        {
            // The vendor's own sample loses this one: delivered arrives before the id is known.
            tracker.Publish(Callback(CallbackEvent.Queued, "ntf_race", 0));
            tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_race", 1));
            return Accepted("ntf_race");
        });
        using var client = NewClient(mock, tracker, time);

        var result = await client.SendAndWaitAsync(new NotifyRequest { Intent = "Remind Sarah" }, SendAndWaitOptions.DefaultTimeout).Soon();

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal("ntf_race", result.NotificationId);
        Assert.Equal(2, result.Callbacks.Count);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Without_a_callback_url_nothing_is_sent_and_the_error_says_how_to_fix_it()
    {
        using var tracker = NewTracker(out var time);
        using var mock = new MockHttpMessageHandler();
        var notify = mock.When(HttpMethod.Post, NotifyUrl).Respond(_ => Accepted("ntf_1"));
        using var client = new SmoovenClient(
            new HttpClient(mock),
            new SmoovenClientOptions { SecretKey = "sk_test_tracker", BaseAddress = new Uri("http://127.0.0.1:9/") },
            tracker);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.SendAndWaitAsync(new NotifyRequest { Intent = "x" }, SendAndWaitOptions.DefaultTimeout));

        Assert.Contains("DefaultCallbackUrl", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(notify));
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task The_callback_url_of_the_request_is_enough()
    {
        using var tracker = NewTracker(out var time);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyUrl)
            .WithPartialContent("\"callback_url\":\"http://127.0.0.1:9/own\"")
            .Respond(_ =>
            {
                tracker.Publish(Callback(CallbackEvent.Failed, "ntf_1"));
                return Accepted("ntf_1");
            });
        using var client = new SmoovenClient(
            new HttpClient(mock),
            new SmoovenClientOptions { SecretKey = "sk_test_tracker", BaseAddress = new Uri("http://127.0.0.1:9/") },
            tracker);

        var result = await client.SendAndWaitAsync(
            new NotifyRequest { Intent = "x", CallbackUrl = new Uri("http://127.0.0.1:9/own") },
            SendAndWaitOptions.DefaultTimeout).Soon();

        Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
    }

    [Fact]
    public async Task The_wait_starts_after_the_notify_call_and_times_out_on_the_clock()
    {
        using var tracker = NewTracker(out var time);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyUrl).WithPartialContent("\"callback_url\":\"http://127.0.0.1:9/webhooks/smooven\"").Respond(_ => Accepted("ntf_1"));
        using var client = NewClient(mock, tracker, time);

        var call = client.SendAndWaitAsync(new NotifyRequest { Intent = "x" }, TimeSpan.FromSeconds(20));
        Assert.True(SpinWait.SpinUntil(() => tracker.PendingCount == 1, Patience), "the wait never registered");
        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1"));
        time.Advance(TimeSpan.FromSeconds(20));
        var result = await call.Soon();

        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        Assert.Single(result.Callbacks);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task SendAndWait_with_options_waits_for_what_they_ask()
    {
        using var tracker = NewTracker(out var time);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyUrl).Respond(_ =>
        {
            tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));
            return Accepted("ntf_1");
        });
        using var client = NewClient(mock, tracker, time);

        var call = client.SendAndWaitAsync(new NotifyRequest { Intent = "x" }, Until(CallbackEvent.Clicked));
        Assert.True(SpinWait.SpinUntil(() => tracker.PendingCount == 1, Patience), "the wait never registered");
        AssertPending(call);
        tracker.Publish(Callback(CallbackEvent.Clicked, "ntf_1", 2));

        Assert.Equal(DeliveryOutcome.Clicked, (await call.Soon()).Outcome);
    }

    [Fact]
    public async Task Options_that_cannot_end_a_wait_are_refused_before_anything_is_sent()
    {
        using var tracker = NewTracker(out var time);
        using var mock = new MockHttpMessageHandler();
        var notify = mock.When(HttpMethod.Post, NotifyUrl).Respond(_ => Accepted("ntf_1"));
        using var client = NewClient(mock, tracker, time);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => client.SendAndWaitAsync(new NotifyRequest { Intent = "x" }, Until(CallbackEvent.Queued)));

        Assert.Equal(0, mock.GetMatchCount(notify));
    }

    [Fact]
    public async Task Cancelling_SendAndWait_during_the_wait_throws_and_removes_the_wait()
    {
        using var tracker = NewTracker(out var time);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, NotifyUrl).Respond(_ => Accepted("ntf_1"));
        using var client = NewClient(mock, tracker, time);
        using var cancellation = new CancellationTokenSource();

        var call = client.SendAndWaitAsync(new NotifyRequest { Intent = "x" }, SendAndWaitOptions.DefaultTimeout, cancellation.Token);
        Assert.True(SpinWait.SpinUntil(() => tracker.PendingCount == 1, Patience), "the wait never registered");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Soon());
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task DI_applies_DeliveryTrackerOptions_and_reports_to_the_meter_factory()
    {
        var time = new FakeTimeProvider(T0);
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(time);
        services.Configure<DeliveryTrackerOptions>(o => o.HistoryLifetime = TimeSpan.FromMinutes(1));
        services.AddSmoovenClient(o => o.SecretKey = "sk_test_tracker");
        using var provider = services.BuildServiceProvider();
        using var evicted = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Smooven.Client", "smooven.client.tracker.history.evicted");
        var tracker = provider.GetRequiredService<DeliveryTracker>();

        tracker.Publish(Callback(CallbackEvent.Delivered, "first"));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("first", Default).Soon()).Outcome);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(tracker.GetStatus("first"));
        AssertPending(tracker.WaitAsync("first", Default));
        Assert.Equal(1, Assert.Single(evicted.GetMeasurementSnapshot()).Value);
    }

    internal static HttpResponseMessage Accepted(string notificationId) =>
        NotifyTestBed.Json(HttpStatusCode.Accepted, $$"""{"notification_id":"{{notificationId}}","status":"queued"}""");
}
