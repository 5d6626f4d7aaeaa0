using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>At least once toward handlers, never twice for a retried delivery that was handled.</summary>
public class WebhookDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_retried_delivery_with_a_new_signature_reaches_the_handler_once()
    {
        await using var host = await WebhookHost.StartAsync();
        var body = Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_retry"));

        var firstSignature = host.Sign(body);
        using var first = await host.PostAsync(body, firstSignature);
        host.Clock.Advance(TimeSpan.FromSeconds(5)); // Smooven's first retry, signed anew
        var retrySignature = host.Sign(body);
        using var retry = await host.PostAsync(body, retrySignature);

        Assert.NotEqual(firstSignature, retrySignature);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, host.Recorder.Calls);
    }

    [Fact]
    public async Task Different_callbacks_for_one_notification_are_all_handled()
    {
        await using var host = await WebhookHost.StartAsync();

        foreach (var @event in new[] { "notification.queued", "notification.sent", "notification.delivered", "notification.opened" })
        {
            Assert.Equal(HttpStatusCode.OK, await host.DeliverAsync(WebhookHost.Callback("ntf_one", @event)));
        }

        Assert.Equal(4, host.Recorder.Calls);
    }

    [Fact]
    public async Task A_throwing_handler_gives_500_and_the_retry_is_handled()
    {
        await using var host = await WebhookHost.StartAsync(services => services
            .AddSingleton<CallbackCounter>()
            .AddScoped<ISmoovenCallbackHandler, CountingHandler>());
        host.Recorder.Behaviour = (call, _, _) => call == 1 ? throw new InvalidOperationException("database down") : Task.CompletedTask;
        var body = WebhookHost.Callback("ntf_flaky");

        var first = await host.DeliverAsync(body);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var retry = await host.DeliverAsync(body);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var late = await host.DeliverAsync(body);

        Assert.Equal(HttpStatusCode.InternalServerError, first);
        Assert.Equal(HttpStatusCode.OK, retry);
        Assert.Equal(HttpStatusCode.OK, late);
        Assert.Equal(2, host.Recorder.Calls);
        var handled = Assert.Single(host.Recorder.Handled);
        Assert.Equal("ntf_flaky", handled.NotificationId);

        // The other handler was not starved by the failing one, and saw the retry too (at least once).
        Assert.Equal(2, host.App.Services.GetRequiredService<CallbackCounter>().Count);
        var error = Assert.Single(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception is InvalidOperationException);
        Assert.Contains(nameof(RecordingHandler), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_identical_deliveries_arriving_together_reach_the_handler_once()
    {
        await using var host = await WebhookHost.StartAsync();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Recorder.Behaviour = async (_, _, _) =>
        {
            entered.TrySetResult();
            await release.Task;
        };
        var body = Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_race"));

        var first = host.PostAsync(body, host.Sign(body));
        await entered.Task.WaitAsync(Patience);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = host.PostAsync(body, host.Sign(body));
        release.SetResult();
        using var firstResponse = await first;
        using var secondResponse = await second;

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(1, host.Recorder.Calls);
    }

    [Fact]
    public async Task When_the_first_of_two_identical_deliveries_fails_the_second_is_handled()
    {
        await using var host = await WebhookHost.StartAsync();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Recorder.Behaviour = async (call, _, _) =>
        {
            if (call == 1)
            {
                entered.TrySetResult();
                await release.Task;
                throw new InvalidOperationException("first attempt fails");
            }
        };
        var body = Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_race_fail"));

        var first = host.PostAsync(body, host.Sign(body));
        await entered.Task.WaitAsync(Patience);
        var second = host.PostAsync(body, host.Sign(body));
        release.SetResult();
        using var firstResponse = await first;
        using var secondResponse = await second;

        Assert.Equal(HttpStatusCode.InternalServerError, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(2, host.Recorder.Calls);
        Assert.Single(host.Recorder.Handled);
    }

    [Fact]
    public async Task A_delivery_is_remembered_for_the_duplicate_window_only()
    {
        await using var host = await WebhookHost.StartAsync(services => services.AddSmoovenWebhooks(o => o.DuplicateWindow = TimeSpan.FromMinutes(3)));
        var body = WebhookHost.Callback("ntf_window");

        await host.DeliverAsync(body);
        host.Clock.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        await host.DeliverAsync(body);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.DeliverAsync(body); // 3 min after handling, but seen 1 s ago: still a duplicate
        Assert.Equal(1, host.Recorder.Calls);

        host.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromTicks(1)); // just over 3 min since it was last seen
        Assert.Equal(HttpStatusCode.OK, await host.DeliverAsync(body));

        Assert.Equal(2, host.Recorder.Calls);
    }

    [Fact]
    public async Task The_default_window_covers_all_of_Smoovens_retries()
    {
        await using var host = await WebhookHost.StartAsync();
        var body = WebhookHost.Callback("ntf_retries");

        foreach (var wait in new[] { 0, 5, 30, 120 })
        {
            host.Clock.Advance(TimeSpan.FromSeconds(wait));
            Assert.Equal(HttpStatusCode.OK, await host.DeliverAsync(body));
        }

        Assert.Equal(1, host.Recorder.Calls);
    }

    [Fact]
    public async Task Beyond_the_remembered_count_the_oldest_delivery_is_forgotten_first()
    {
        await using var host = await WebhookHost.StartAsync(services => services.AddSmoovenWebhooks(o => o.MaxRememberedDeliveries = 2));

        await host.DeliverAsync(WebhookHost.Callback("ntf_1"));
        await host.DeliverAsync(WebhookHost.Callback("ntf_2"));
        await host.DeliverAsync(WebhookHost.Callback("ntf_3"));
        await host.DeliverAsync(WebhookHost.Callback("ntf_3"));
        await host.DeliverAsync(WebhookHost.Callback("ntf_2"));
        Assert.Equal(3, host.Recorder.Calls);

        await host.DeliverAsync(WebhookHost.Callback("ntf_1"));

        Assert.Equal(4, host.Recorder.Calls);
        Assert.Equal(["ntf_1", "ntf_2", "ntf_3", "ntf_1"], host.Recorder.Handled.Select(c => c.NotificationId));
    }
}
