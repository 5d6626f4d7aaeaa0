using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Smooven.Client.AspNetCore.Tests.Infrastructure;

namespace Smooven.Client.AspNetCore.Tests;

/// <summary>
/// The request's services (and so its DI scope) are asked for only when a handler can run: an
/// app that only waits on the tracker registers none, and a retried delivery reaches none. The
/// rest of the dispatch is the same either way.
/// </summary>
public class WebhookRequestScopeTests
{
    [Fact]
    public async Task Without_a_handler_a_callback_wakes_its_wait_counts_and_its_retry_is_a_duplicate_with_no_request_scope()
    {
        var scopes = new ScopeWatch();
        await using var host = await WebhookHost.StartAsync(withRecordingHandler: false, configureApp: scopes.Install);
        using var callbacks = new MetricCollector<long>(
            host.App.Services.GetRequiredService<IMeterFactory>(), "Smooven.Client", "smooven.client.webhook.callbacks");
        var tracker = host.App.Services.GetRequiredService<DeliveryTracker>();
        var wait = tracker.WaitAsync("ntf_tracker_only", new SendAndWaitOptions { Timeout = Timeout.InfiniteTimeSpan });
        var body = System.Text.Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_tracker_only"));

        using var first = await host.PostAsync(body, host.Sign(body));
        var result = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        host.Clock.Advance(TimeSpan.FromSeconds(5)); // Smooven's retry, signed anew
        using var retry = await host.PostAsync(body, host.Sign(body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(["handled", "duplicate"], callbacks.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
        Assert.Single(tracker.GetStatus("ntf_tracker_only")!.Callbacks);
        Assert.Equal(2, scopes.Requests);
        Assert.Equal(0, scopes.Asked);
    }

    [Fact]
    public async Task With_a_handler_only_the_delivery_that_reaches_it_asks_for_the_request_scope()
    {
        var scopes = new ScopeWatch();
        await using var host = await WebhookHost.StartAsync(configureApp: scopes.Install);
        var body = System.Text.Encoding.UTF8.GetBytes(WebhookHost.Callback("ntf_with_handler"));

        using var first = await host.PostAsync(body, host.Sign(body));
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        using var retry = await host.PostAsync(body, host.Sign(body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, host.Recorder.Calls);
        Assert.Equal(2, scopes.Requests);
        Assert.Equal(1, scopes.Asked);
    }

    // Counts the requests, and those whose services (the scope) anything asked for.
    private sealed class ScopeWatch
    {
        private int _requests;
        private int _asked;

        public int Requests => Volatile.Read(ref _requests);

        public int Asked => Volatile.Read(ref _asked);

        public void Install(WebApplication app) => app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _requests);

            // The server makes this feature only when something first asks for the services.
            await using var services = new RequestServicesFeature(context, app.Services.GetRequiredService<IServiceScopeFactory>());
            var feature = new WatchedServices(services);
            context.Features.Set<IServiceProvidersFeature>(feature);
            await next(context);
            if (feature.Asked)
            {
                Interlocked.Increment(ref _asked);
            }
        });

        private sealed class WatchedServices(IServiceProvidersFeature inner) : IServiceProvidersFeature
        {
            public bool Asked { get; private set; }

            public IServiceProvider RequestServices
            {
                get
                {
                    Asked = true;
                    return inner.RequestServices;
                }

                set => inner.RequestServices = value;
            }
        }
    }
}
